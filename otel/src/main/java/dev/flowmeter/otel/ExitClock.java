// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When the JVM began to exit, so that a sink closing at exit waits for its last export only as long
 * as {@code flowmeter.shutdown-timeout} leaves, counted from the exit's start as the tracker counts
 * it, and can still say what was not sent before the JVM halts. A sink that started during the exit
 * (a program that ended at once) spent part of that time starting.
 */
final class ExitClock {
  private static final AtomicBoolean installed = new AtomicBoolean();
  private static volatile long exitStarted; // System.nanoTime() when the exit began; 0 before

  private ExitClock() {}

  /** Notes the exit's start from now on, by a shutdown hook (or now, when the exit has begun). */
  static void install() {
    if (!installed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ExitClock::exitStarts, "flowmeter-otel-exit-clock"));
    } catch (IllegalStateException e) {
      exitStarts(); // the exit has begun: it began no later than now
    } catch (SecurityException e) {
      // not allowed: a sink closing at exit then waits its whole wait
    }
  }

  /** Whether the JVM runs its shutdown hooks: a hook can no longer be added then. */
  static boolean isExiting() {
    if (exitStarted != 0) {
      return true;
    }
    Thread probe = new Thread(() -> {}, "flowmeter-exit-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      exitStarts();
      return true;
    } catch (SecurityException e) {
      return false;
    }
  }

  /**
   * {@code wait}, or during the exit what is left of it counted from the exit's start (at least a
   * millisecond).
   */
  static Duration left(Duration wait) {
    if (!isExiting()) {
      return wait;
    }
    long left = exitStarted + wait.toNanos() - System.nanoTime();
    return left >= wait.toNanos() ? wait : Duration.ofNanos(Math.max(left, 1_000_000));
  }

  private static synchronized void exitStarts() {
    if (exitStarted == 0) {
      exitStarted = System.nanoTime() | 1; // never 0
    }
  }
}
