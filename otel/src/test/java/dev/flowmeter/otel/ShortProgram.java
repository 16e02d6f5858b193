// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.Flowmeter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A program run in a forked JVM with the otel sink: reads 12,345 bytes through {@link
 * Flowmeter#wrap} and ends at once, so that only the sink's export at exit can send its counts.
 * With {@code configure} as its argument it starts the sinks first (the sink is built before the
 * exit begins); without, they start with the first transfer, and may be built while the JVM is
 * already exiting.
 */
public final class ShortProgram {
  private ShortProgram() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("configure")) {
      Flowmeter.configure();
    }
    try (InputStream in = Flowmeter.wrap(new ByteArrayInputStream(new byte[12345]), "x", 12345)) {
      System.out.println("read " + in.readAllBytes().length);
    }
  }
}
