// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import org.jspecify.annotations.Nullable;

/**
 * The application's own code that Flowmeter calls on its own behalf, made safe: an argument's
 * {@code toString()} for a transfer's name, an exception's {@code getMessage()} for its error, and
 * (through {@link #rethrowIfThreadDeath}) a {@code Path}'s, {@code File}'s or channel's size for a
 * total.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>Fail-open: such code may throw anything, a runtime exception, an error (a {@code
 * StackOverflowError} from a {@code toString()} that recurses, an {@code OutOfMemoryError} from one
 * that builds gigabytes, a {@code LinkageError}) or a checked exception thrown sneakily. Whatever
 * it throws has unwound by the time it is caught, so Flowmeter falls back (a placeholder, an
 * unknown total) and the application's method runs as it would without Flowmeter, throwing only
 * what it throws itself. The one exception passed on is {@link ThreadDeath}: {@code Thread.stop}
 * (JDK 17 to 19) aims at the thread, not at the call it happened to land in, and swallowing it
 * would keep running a thread its owner stopped.
 *
 * <p>Thread-safety: stateless.
 */
public final class UserCode {
  private UserCode() {}

  /**
   * {@code o} as {@link String#valueOf(Object)} gives it ({@code "null"} for null, and for a {@code
   * toString()} that returns null), or {@code <its.Class: toString() failed>} when its {@code
   * toString()} throws. Throws only a {@link ThreadDeath}.
   */
  public static String text(@Nullable Object o) {
    if (o == null) {
      return "null";
    }
    try {
      String text = o.toString();
      return text == null ? "null" : text;
    } catch (Throwable t) {
      rethrowIfThreadDeath(t);
      return "<" + o.getClass().getName() + ": toString() failed>";
    }
  }

  /**
   * {@code error}'s message, or {@code null} when it has none or its {@code getMessage()} throws.
   * Throws only a {@link ThreadDeath}.
   */
  public static @Nullable String message(Throwable error) {
    try {
      return error.getMessage();
    } catch (Throwable t) {
      rethrowIfThreadDeath(t);
      return null;
    }
  }

  /**
   * Rethrows {@code t} if it is a {@link ThreadDeath}, and returns otherwise: call it first in a
   * {@code catch (Throwable)} around the application's code, then fall back.
   */
  public static void rethrowIfThreadDeath(Throwable t) {
    if (t instanceof ThreadDeath) {
      throw (ThreadDeath) t;
    }
  }
}
