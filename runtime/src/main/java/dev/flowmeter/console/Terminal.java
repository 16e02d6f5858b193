// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Diagnostics;
import java.io.Console;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

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
   * The terminal's width in columns from {@code COLUMNS}, or {@code fallback} when it is not set. A
   * value that is not a width from 1 to {@link ConfigKeys#MAX_WIDTH} is taken as not set and
   * reported once: a width of two billion columns would make every line a string of that size.
   */
  public static int columns(int fallback) {
    return columns(System.getenv("COLUMNS"), fallback);
  }

  static int columns(@Nullable String columns, int fallback) {
    if (columns == null || columns.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(columns.trim());
      if (n >= 1 && n <= ConfigKeys.MAX_WIDTH) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    Diagnostics.once(
        "COLUMNS",
        new ConfigException(
                    "COLUMNS",
                    columns,
                    "is not a width from 1 to " + ConfigKeys.MAX_WIDTH + " columns")
                .getMessage()
            + "; using "
            + fallback);
    return fallback;
  }
}
