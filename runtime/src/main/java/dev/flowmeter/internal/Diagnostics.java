// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Flowmeter's own messages to the user: one line on standard error, each said at most once, and the
 * details (stack traces) only through {@link System.Logger} at {@code DEBUG} level.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>Why one place: a configuration mistake or a failing sink must be visible (a clear line naming
 * what was wrong) but must never flood the application's standard error with stack traces or repeat
 * itself on every call. Every part of Flowmeter that speaks to the user goes through here.
 *
 * <p>Thread-safety: every method may be called from any thread; none throws.
 */
public final class Diagnostics {
  private static final System.Logger logger = System.getLogger("dev.flowmeter");

  /** A bound on remembered keys: they come from configuration and sink names, never from data. */
  private static final int MAX_KEYS = 10_000;

  private static final Set<String> said = ConcurrentHashMap.newKeySet();

  /**
   * A bound on the lines {@link #printed()} keeps: the first ones, which name the set-up's faults.
   */
  private static final int MAX_PRINTED = 100;

  private static final List<String> printed = new CopyOnWriteArrayList<>();

  /**
   * Where messages go; {@code null} for the current {@code System.err}, read at each message, so
   * that a message printed while the console draws bars goes through the console's capture and
   * lands above them, whole.
   */
  private static volatile @Nullable PrintStream err;

  private Diagnostics() {}

  /**
   * Prints {@code "flowmeter: " + message} on standard error unless a message with the same {@code
   * key} was printed before; returns whether it printed. Line breaks and control characters in
   * {@code message} are shown escaped, so one message is always one line.
   */
  public static boolean once(String key, String message) {
    return once(key, message, null);
  }

  /**
   * As {@link #once(String, String)}, and passes {@code cause} (with its stack trace) to the {@code
   * dev.flowmeter} {@link System.Logger} at {@code DEBUG} level, where it is shown only when asked
   * for.
   */
  public static boolean once(String key, String message, @Nullable Throwable cause) {
    try {
      debug(message, cause);
      if (said.size() >= MAX_KEYS || !said.add(key)) {
        return false;
      }
      PrintStream stream = err;
      String line = "flowmeter: " + Text.sanitize(message);
      (stream != null ? stream : System.err).println(line);
      if (printed.size() < MAX_PRINTED) {
        printed.add(line);
      }
      return true;
    } catch (Throwable t) {
      return false; // a closed or broken stderr must not break the caller
    }
  }

  /**
   * The lines printed so far, oldest first (the first 100): what an attached agent reports back to
   * the attacher, which cannot see the target's standard error.
   */
  public static List<String> printed() {
    return List.copyOf(printed);
  }

  /**
   * Passes {@code message} and {@code cause} to the {@code dev.flowmeter} logger at DEBUG level.
   */
  public static void debug(String message, @Nullable Throwable cause) {
    try {
      if (logger.isLoggable(Level.DEBUG)) {
        logger.log(Level.DEBUG, message, cause);
      }
    } catch (Throwable t) {
      // a broken logging setup must not break the caller
    }
  }

  /**
   * A short description of {@code t}: its simple class name and message (left out when its {@code
   * getMessage()} throws: {@code t} may be the application's).
   */
  public static String describe(Throwable t) {
    String message = UserCode.message(t);
    return t.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** Where messages go; {@code null} for the process's standard error (the default). For tests. */
  public static void redirect(@Nullable PrintStream stream) {
    err = stream;
  }

  /** Forgets which keys were said. For tests. */
  public static void reset() {
    said.clear();
    printed.clear();
  }
}
