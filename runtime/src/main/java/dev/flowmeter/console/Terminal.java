// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Diagnostics;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Whether a standard stream of this process is an interactive terminal, and the terminal's size.
 *
 * <p>The check is made on the stream itself (file descriptor 1 or 2): the console sink draws on
 * standard error by default, so {@code 2>log.txt} gives plain lines even when standard output is a
 * terminal, and {@code | cat} leaves the bars on while standard error is still a terminal. On Linux
 * the answer comes from {@code /proc/self/fd}; elsewhere from {@code test -t} in a shell that
 * inherits the descriptor, and where there is no shell (Windows) from {@link System#console()}.
 * {@code TERM=dumb} and the {@code CI} environment variable count as not interactive, whatever the
 * descriptor is.
 *
 * <p>The size comes from the terminal ({@code stty size}, run on the same device); {@code COLUMNS}
 * and {@code LINES} override it.
 *
 * <p>Not for public use.
 */
public final class Terminal {
  /** Standard input's file descriptor. */
  static final int STDIN = 0;

  /** Standard output's file descriptor. */
  static final int STDOUT = 1;

  /** Standard error's file descriptor. */
  static final int STDERR = 2;

  private static final long QUERY_MILLIS = 2000;

  private Terminal() {}

  /**
   * Whether standard error, where the console sink draws by default, is an interactive terminal.
   * {@code TERM=dumb} and the {@code CI} environment variable count as not interactive.
   */
  public static boolean isInteractive() {
    return isTerminal(STDERR);
  }

  /** Whether standard output is an interactive terminal; as {@link #isInteractive()}. */
  public static boolean isStdoutInteractive() {
    return isTerminal(STDOUT);
  }

  /**
   * Whether file descriptor {@code fd} (0, 1 or 2) is an interactive terminal; {@code false} under
   * {@code TERM=dumb} or {@code CI}, and when it cannot be told.
   */
  static boolean isTerminal(int fd) {
    try {
      if ("dumb".equals(System.getenv("TERM")) || isCi(System.getenv("CI"))) {
        return false;
      }
      Optional<String> device = deviceOf(fd); // no method reference: see Tracker.SYSTEM_NANOS
      Boolean linux = device.isPresent() ? isTerminalDevice(device.get()) : null;
      if (linux != null) {
        return linux;
      }
      Boolean shell = shellTest(fd);
      return shell != null ? shell : consoleTest();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The device or file {@code fd} is open on, from {@code /proc/self/fd} (Linux only). */
  static Optional<String> deviceOf(int fd) {
    try {
      Path link = Path.of("/proc/self/fd/" + fd);
      if (!Files.isSymbolicLink(link)) {
        return Optional.empty();
      }
      return Optional.of(Files.readSymbolicLink(link).toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code CI} says the process runs in continuous integration: set, not empty, and not
   * {@code false} or {@code 0}.
   */
  static boolean isCi(@Nullable String ci) {
    return ci != null
        && !ci.isBlank()
        && !ci.trim().equalsIgnoreCase("false")
        && !ci.trim().equals("0");
  }

  /**
   * Whether colour is allowed by {@code NO_COLOR}: only a value that is set and not empty turns it
   * off (no-color.org).
   */
  static boolean colourAllowed(@Nullable String noColor) {
    return noColor == null || noColor.isEmpty();
  }

  /** Whether {@code device} names a terminal: a pseudo-terminal or a console. */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/")
        || device.startsWith("/dev/tty")
        || device.equals("/dev/console");
  }

  /**
   * {@code test -t fd} in a shell that inherits {@code fd}; {@code null} when there is no shell.
   */
  private static @Nullable Boolean shellTest(int fd) {
    if (!new File("/bin/sh").canExecute()) {
      return null;
    }
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "test -t " + fd);
    builder.redirectInput(
        fd == STDIN
            ? ProcessBuilder.Redirect.INHERIT
            : ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (fd == STDOUT) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    } else if (fd == STDERR) {
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    try {
      Process process = builder.start();
      if (!process.waitFor(QUERY_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return null;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static boolean consoleTest() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22 a console exists only for a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The size of the terminal on {@code fd} as {@code {columns, rows}}, asked of the terminal itself
   * ({@code stty size} on the same device); {@code null} when it cannot be told. Takes a few
   * milliseconds (a process is started): call it at start and on a resize, not per frame.
   */
  static int @Nullable [] querySize(int fd) {
    // the device fd is open on (Linux); else the controlling terminal, which a process whose
    // stream is a terminal nearly always writes to
    String device = deviceOf(fd).filter(Terminal::isTerminalDevice).orElse("/dev/tty");
    if (!new File(device).exists()) {
      return null;
    }
    ProcessBuilder builder =
        new ProcessBuilder("stty", "size")
            .redirectInput(ProcessBuilder.Redirect.from(new File(device)))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      byte[] answer = process.getInputStream().readNBytes(64);
      if (!process.waitFor(QUERY_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return null;
      }
      return process.exitValue() == 0
          ? parseSize(new String(answer, StandardCharsets.US_ASCII))
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code "24 80"} (rows, then columns, as {@code stty size} says) as {@code {80, 24}}. */
  static int @Nullable [] parseSize(String sttySize) {
    String[] parts = sttySize.trim().split("\\s+");
    if (parts.length != 2) {
      return null;
    }
    try {
      int rows = Integer.parseInt(parts[0]);
      int columns = Integer.parseInt(parts[1]);
      if (rows < 1
          || columns < 1
          || columns > ConfigKeys.MAX_WIDTH
          || rows > ConfigKeys.MAX_WIDTH) {
        return null; // 0 0: a terminal that does not know its size
      }
      return new int[] {columns, rows};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The terminal's width in columns from {@code COLUMNS}, or {@code fallback} when it is not set (a
   * {@code fallback} of 0 or less stands for the terminal's own width in the message). A value that
   * is not a width from 1 to {@link ConfigKeys#MAX_WIDTH} is taken as not set and reported once: a
   * width of two billion columns would make every line a string of that size.
   */
  public static int columns(int fallback) {
    return columns(System.getenv("COLUMNS"), fallback);
  }

  static int columns(@Nullable String columns, int fallback) {
    return dimension("COLUMNS", columns, fallback, "width", "columns");
  }

  /** The terminal's height in rows from {@code LINES}, or {@code fallback}; as {@link #columns}. */
  static int rows(@Nullable String lines, int fallback) {
    return dimension("LINES", lines, fallback, "height", "rows");
  }

  private static int dimension(
      String variable, @Nullable String value, int fallback, String what, String unit) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= ConfigKeys.MAX_WIDTH) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    Diagnostics.once(
        variable,
        new ConfigException(
                    variable,
                    value,
                    "is not a " + what + " from 1 to " + ConfigKeys.MAX_WIDTH + " " + unit)
                .getMessage()
            + "; using "
            + (fallback > 0 ? String.valueOf(fallback) : "the terminal's own " + what));
    return fallback;
  }
}
