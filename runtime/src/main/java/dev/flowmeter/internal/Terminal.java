// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether this process writes to an interactive terminal.
 *
 * <p>Not for public use.
 */
public final class Terminal {
  private Terminal() {}

  /**
   * Whether standard input and output are an interactive terminal. {@code TERM=dumb} and the {@code
   * CI} environment variable count as not interactive. On JDK 22 and later, where {@link
   * System#console()} returns a console even for pipes, {@code Console.isTerminal()} decides.
   */
  public static boolean isInteractive() {
    try {
      if ("dumb".equals(System.getenv("TERM")) || System.getenv("CI") != null) {
        return false;
      }
      Console console = System.console();
      if (console == null) {
        return false;
      }
      try {
        Method isTerminal = Console.class.getMethod("isTerminal");
        return (Boolean) isTerminal.invoke(console);
      } catch (NoSuchMethodException e) {
        return true; // before JDK 22 a console exists only for a terminal
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The terminal's width in columns from {@code COLUMNS}, or {@code fallback} when it is not set or
   * not a positive number.
   */
  public static int columns(int fallback) {
    try {
      String columns = System.getenv("COLUMNS");
      if (columns != null) {
        int n = Integer.parseInt(columns.trim());
        if (n > 0) {
          return n;
        }
      }
    } catch (RuntimeException e) {
      // fall back
    }
    return fallback;
  }
}
