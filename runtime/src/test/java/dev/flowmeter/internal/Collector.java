// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Collects garbage for tests of what happens to a transfer whose owner became unreachable. */
final class Collector {
  private Collector() {}

  /**
   * Collects garbage until {@code transfer} ended (at most 30 s), letting the Cleaner thread run in
   * between; the caller asserts how it ended.
   */
  static void untilEnded(Transfer transfer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!transfer.status().isFinal() && System.nanoTime() < deadline) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
