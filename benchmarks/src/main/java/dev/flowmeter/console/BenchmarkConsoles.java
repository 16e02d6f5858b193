// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.sink.ProgressSink;
import java.io.PrintStream;

/**
 * The console sink on a terminal of a chosen size, for the benchmarks: the sink and its screen are
 * package-private in the runtime, and the provider takes the size from the real terminal. This
 * class lives in the benchmarks module only (same package, on the class path), never in the
 * runtime.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class BenchmarkConsoles {
  private BenchmarkConsoles() {}

  /**
   * A {@code bar} style console sink (Unicode, colour on) drawing on {@code out} as on a terminal
   * of {@code columns} by {@code rows}.
   */
  public static ProgressSink onTerminal(PrintStream out, int columns, int rows) {
    return new ConsoleSink(
        ConsoleSink.Style.BARS,
        new ConsoleScreen(out, true, true, columns, rows),
        false,
        null,
        null);
  }
}
