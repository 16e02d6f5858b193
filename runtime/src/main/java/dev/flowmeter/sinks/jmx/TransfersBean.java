// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link TransfersMXBean}: written by the sink's thread, read from any JMX thread (each figure
 * a volatile field; the figures of one read may be from two moments a batch apart).
 */
final class TransfersBean implements TransfersMXBean {
  private volatile int active;
  private volatile double bytesPerSecond;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private volatile int beans;
  private final AtomicLong unlisted = new AtomicLong();

  /** Counts a transfer the sink sees for the first time. Sink thread only. */
  void started() {
    started.incrementAndGet();
  }

  /** Counts the end of a transfer with {@code status}. Sink thread only. */
  void ended(Status status) {
    switch (status) {
      case COMPLETED:
        completed.incrementAndGet();
        break;
      case FAILED:
        failed.incrementAndGet();
        break;
      default:
        cancelled.incrementAndGet();
    }
  }

  void unlisted() {
    unlisted.incrementAndGet();
  }

  /** Sets the figures of the running transfers, {@code running}, and the bean count. */
  void running(Collection<ProgressEvent> running, int beanCount) {
    double sum = 0;
    for (ProgressEvent event : running) {
      double speed = event.speed();
      if (event.parentId() == 0 && event.unit().isBytes() && speed > 0 && speed < 1e300) {
        sum += speed;
      }
    }
    active = running.size();
    bytesPerSecond = sum;
    beans = beanCount;
  }

  @Override
  public int getActiveCount() {
    return active;
  }

  @Override
  public double getBytesPerSecond() {
    return bytesPerSecond;
  }

  @Override
  public long getStartedCount() {
    return started.get();
  }

  @Override
  public long getCompletedCount() {
    return completed.get();
  }

  @Override
  public long getFailedCount() {
    return failed.get();
  }

  @Override
  public long getCancelledCount() {
    return cancelled.get();
  }

  @Override
  public int getTransferBeanCount() {
    return beans;
  }

  @Override
  public long getUnlistedCount() {
    return unlisted.get();
  }
}
