// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

/**
 * The settings advice needs, set once by the installer before any advice runs.
 *
 * <p>Not for public use. Thread-safety: written once, before instrumentation is installed, read by
 * any thread; the fields are volatile.
 */
public final class AgentSettings {
  private static volatile long minBytes = 1L << 20;
  private static volatile long delayNanos = 1_000_000_000L;
  private static volatile boolean interruptsOnCancel;

  private AgentSettings() {}

  /**
   * Sets the threshold: a transfer is shown once its known total is at least {@code minBytes}, or,
   * with its total unknown, once it moved that many bytes or lasted {@code delayNanos}.
   */
  public static void configure(long minBytes, long delayNanos) {
    AgentSettings.minBytes = minBytes;
    AgentSettings.delayNanos = delayNanos;
  }

  /**
   * Sets what a user's cancel does to the JDK's stream behind an agent transfer ({@code
   * flowmeter.agent.cancel}): {@code true} for {@code interrupt} (its next read or write throws
   * {@code InterruptedIOException}), {@code false} for {@code mark} (it goes on).
   */
  public static void interruptsOnCancel(boolean interrupts) {
    interruptsOnCancel = interrupts;
  }

  /** Whether a user's cancel makes the next read or write of the stream behind it throw. */
  static boolean interruptsOnCancel() {
    return interruptsOnCancel;
  }

  static long minBytes() {
    return minBytes;
  }

  static long delayNanos() {
    return delayNanos;
  }
}
