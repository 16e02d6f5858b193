// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A sink for tests that records what it receives; it can be made to block or throw. */
public final class RecordingSink implements ProgressSink {
  private final List<ProgressEvent> events = new ArrayList<>();
  private volatile Consumer<ProgressEvent> before = e -> {};
  private int flushes;
  private boolean closed;

  /** Runs {@code action} before recording each event (to block or to throw). */
  RecordingSink before(Consumer<ProgressEvent> action) {
    this.before = action;
    return this;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    before.accept(event);
    synchronized (this) {
      events.add(event);
      notifyAll();
    }
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized List<ProgressEvent> events() {
    return new ArrayList<>(events);
  }

  public synchronized List<ProgressEvent> events(long transferId) {
    return events.stream().filter(e -> e.transferId() == transferId).collect(Collectors.toList());
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized int flushes() {
    return flushes;
  }

  /** Waits until {@code condition} holds or ten seconds pass; returns whether it holds. */
  public static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1); // polling a condition with a deadline, not standing in for one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until {@code latch} opens or ten seconds pass, keeping the interrupt; for sinks to block.
   */
  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until this sink has seen the final event of {@code transferId}. */
  boolean awaitFinal(long transferId) {
    return await(() -> events(transferId).stream().anyMatch(ProgressEvent::isFinal));
  }
}
