// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Prints the application's own lines to the console without tearing the progress bars.
 *
 * <p>While the {@code console} sink shows bars on a terminal, a line written straight to {@code
 * System.out} or {@code System.err} lands in the middle of them and is overwritten by the next
 * redraw. {@link #println(String)} instead clears the bars, writes the line where they were and
 * draws them again below it, all in one write. When no console sink is active it simply prints the
 * line to standard error, the console sink's default stream, so code can call it unconditionally.
 *
 * <p>For log records, install {@link ConsoleLogHandler}, which prints through this class.
 *
 * <p>Thread-safety: callable from any thread; lines printed concurrently with each other and with
 * the sink's redraws each come out whole.
 */
public final class ConsoleOutput {
  private static final AtomicReference<@Nullable ConsoleScreen> active = new AtomicReference<>();

  private ConsoleOutput() {}

  /**
   * Prints {@code line} above the progress bars, followed by a line break.
   *
   * <p>The text is written as given (it is the application's, not a file name); a text holding line
   * breaks is printed as several lines. The line goes to the console sink's stream ({@code
   * flowmeter.sink.console.stream}) while the sink is active, and to {@code System.err} otherwise.
   *
   * @param line the text; {@code null} prints {@code null}, as {@link java.io.PrintStream} does
   */
  public static void println(@Nullable String line) {
    String text = String.valueOf(line);
    ConsoleScreen screen = active.get();
    if (screen != null) {
      screen.println(text);
    } else {
      System.err.println(text);
    }
  }

  /** Makes {@code screen} the one lines are printed above; the newest console sink wins. */
  static void activate(ConsoleScreen screen) {
    active.set(screen);
  }

  /** Forgets {@code screen} if it is still the active one. */
  static void deactivate(ConsoleScreen screen) {
    active.compareAndSet(screen, null);
  }
}
