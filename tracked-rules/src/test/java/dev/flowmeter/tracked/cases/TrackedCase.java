// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

import java.util.List;

/**
 * One row of the table in {@link TrackedCases}: a {@code @Tracked} method as written, the arguments
 * it is called with, and the transfers the call must report.
 *
 * <p>{@code arguments} are specs that {@link TrackedCaseRunner} turns into values: {@code str:k},
 * {@code null}, {@code int:1}, {@code long:42}, {@code chars:abc}, {@code strs:a,b} (a {@code
 * String[]}), {@code in:10} (an input stream of 10 bytes), {@code out}, {@code rch:6} and {@code
 * wch} (channels), {@code path:a.bin:100}, {@code file:a.bin:100}, {@code fis:a.bin:100} and {@code
 * fch:a.bin:100} (a file of 100 bytes in the run's folder; {@code -} for a file that does not
 * exist), {@code uri:http://host/x}; and the arguments of {@link Hostile}, whose own code fails:
 * {@code brokenToString}, {@code nullToString}, {@code brokenMessage} (an exception the method
 * throws), {@code hostilePath}, {@code hostileFile}, {@code hostileFis:a.bin:100}, {@code
 * hostileChannel:5} (5 bytes to read); {@code huge:5000} (a string of 5,000 {@code x}) and {@code
 * controls} (text with control characters).
 *
 * <p>{@code expected} lists the transfers the call started, the call's own first and then its
 * children, each as {@code operation | name | total | bytes | status} ({@code ?} for an unknown
 * total, {@code ${dir}} for the run's folder, control characters escaped as in Java), joined by
 * {@code " ; "}; or {@code threw} and the exception when the method threw what it would not throw
 * itself.
 *
 * @param method the method's name, unique in the table
 * @param type {@code Cases} or the static nested {@code Cases.Inner}
 * @param declaration the annotations and modifiers before the return type
 * @param returns the return type: {@code long} (the bytes moved, after any type parameters, as in
 *     {@code <S extends InputStream> long}), {@code InputStream} or {@code OutputStream}
 * @param parameters the parameter list as written
 * @param arguments the argument specs, one per parameter
 * @param expected the transfers, as above
 */
public record TrackedCase(
    String method,
    String type,
    String declaration,
    String returns,
    String parameters,
    List<String> arguments,
    String expected) {

  /** The case's name in test reports. */
  @Override
  public String toString() {
    return method + ": " + declaration + " " + returns + " " + method + "(" + parameters + ")";
  }
}
