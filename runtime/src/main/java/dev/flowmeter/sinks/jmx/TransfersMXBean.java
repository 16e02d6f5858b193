// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

/**
 * Every transfer the {@code jmx} sink has seen, registered as {@code dev.flowmeter:type=Transfers}
 * while the sink runs. The counts start when the sink starts.
 */
public interface TransfersMXBean {
  /** The transfers that started (or wait to) and have not ended. */
  int getActiveCount();

  /**
   * The sum of the current speeds of the running transfers counted in bytes that have no parent (a
   * parent's count holds its children's, so they are not counted twice), in bytes per second.
   */
  double getBytesPerSecond();

  /** The transfers seen since the sink started. */
  long getStartedCount();

  /** The transfers that completed. */
  long getCompletedCount();

  /** The transfers that failed. */
  long getFailedCount();

  /** The transfers that were cancelled. */
  long getCancelledCount();

  /** The transfer MBeans registered now: running transfers and those kept for the retention. */
  int getTransferBeanCount();

  /**
   * The transfers that got no MBean of their own because {@code max-beans} were registered when
   * they started (they are counted here all the same).
   */
  long getUnlistedCount();
}
