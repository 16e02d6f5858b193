// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

/**
 * One misuse of {@code @Tracked} in the table of {@link TrackedCases}: the processor refuses it
 * with {@code message} as a compile error, and the agent says the same message once.
 *
 * @param method the method's name in {@code cases.Misuses}, unique
 * @param declaration the annotations before the return type
 * @param parameters the parameter list as written
 * @param message the message both doors give, word for word
 */
public record TrackedMisuse(String method, String declaration, String parameters, String message) {
  @Override
  public String toString() {
    return method + ": " + declaration + " long " + method + "(" + parameters + ")";
  }
}
