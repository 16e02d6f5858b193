// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.sink.ProgressSink;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Delivers events to one sink on a thread of its own, so that a sink that is slow, blocks or throws
 * affects nobody else.
 */
final class SinkDispatcher {
  /*
   * Design notes
   *
   * Order: one queue of slots per sink. A lifecycle event is a slot of its own and is never
   * dropped. A progress snapshot goes into the transfer's pending progress slot if one is still
   * queued (latest wins) and into a new slot otherwise. Since a transfer's events are offered
   * under the transfer's monitor (see TransferImpl), a transfer's slots sit in the queue in the
   * order its events happened, and delivering the queue in order keeps lifecycle order.
   *
   * Coalescing: a slot's event is an AtomicReference the producer (the reporter thread) replaces
   * until the dispatcher takes it by swapping in TAKEN; after that the producer opens a new slot.
   *
   * Rate: after each batch the thread waits flowmeter.sink.<name>.interval, or until a lifecycle
   * event, a flush or a stop sets wakeUp; with nothing queued it parks until an offer wakes it.
   *
   * Failure: a throwing sink is reported once; after maxFailures failures in a row, or with more
   * than MAX_QUEUED slots waiting (a sink stuck for good), it is disabled and reported again.
   */
  private static final System.Logger logger = System.getLogger("dev.flowmeter");
  private static final Object TAKEN = new Object();
  static final int MAX_QUEUED = 100_000;

  private final String name;
  private final ProgressSink sink;
  private final long intervalNanos;
  private final int maxFailures;
  private final ConcurrentLinkedQueue<Slot> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Slot> pendingProgress = new ConcurrentHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong offered = new AtomicLong();
  private final Thread thread;

  private volatile long delivered;
  private volatile long flushedUpTo;
  private volatile boolean idle;
  private volatile boolean wakeUp;
  private volatile boolean stopping;
  private volatile boolean disabled;
  private int failuresInARow;
  private boolean reported;

  SinkDispatcher(String name, ProgressSink sink, long intervalNanos, int maxFailures) {
    this.name = name;
    this.sink = sink;
    this.intervalNanos = Math.max(0, intervalNanos);
    this.maxFailures = maxFailures;
    this.thread = new Thread(this::run, "flowmeter-sink-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  String name() {
    return name;
  }

  ProgressSink sink() {
    return sink;
  }

  boolean isDisabled() {
    return disabled;
  }

  /** Queues a lifecycle event; never dropped while the sink is enabled. */
  void offerLifecycle(ProgressEvent event) {
    if (disabled) {
      return;
    }
    if (event.isFinal()) {
      pendingProgress.remove(event.transferId());
    }
    enqueue(new Slot(event, null));
    wake();
  }

  /** Ends the wait between batches now: a lifecycle event, a flush or a stop is waiting. */
  private void wake() {
    wakeUp = true;
    LockSupport.unpark(thread);
  }

  /** Queues a progress snapshot, replacing the transfer's snapshot still waiting, if any. */
  void offerProgress(ProgressEvent event) {
    if (disabled) {
      return;
    }
    Slot waiting = pendingProgress.get(event.transferId());
    if (waiting != null) {
      for (Object current = waiting.progress.get();
          current != TAKEN;
          current = waiting.progress.get()) {
        if (waiting.progress.compareAndSet(current, event)) {
          return; // coalesced
        }
      }
    }
    Slot slot = new Slot(null, event);
    pendingProgress.put(event.transferId(), slot);
    enqueue(slot);
    if (idle || intervalNanos == 0) {
      LockSupport.unpark(thread);
    }
  }

  private void enqueue(Slot slot) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      disable("more than " + MAX_QUEUED + " events are waiting for it", null);
      return;
    }
    slot.sequence = offered.incrementAndGet();
    queue.add(slot);
  }

  /**
   * Waits until every event offered before this call has been delivered and the sink flushed, or
   * the deadline passed; returns whether it all was.
   */
  boolean awaitFlushed(long deadlineNanos) {
    long target = offered.get();
    wake();
    while (flushedUpTo < target && !disabled && thread.isAlive()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
    }
    return flushedUpTo >= target || disabled;
  }

  /** Asks the thread to deliver what is queued, flush and close the sink, and end. */
  void requestStop() {
    stopping = true;
    wake();
  }

  /** Waits for the thread to end until the deadline; returns whether it ended. */
  boolean awaitStopped(long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    while (!stopping) {
      wakeUp = false;
      if (drain()) {
        flushSink();
        awaitInterval();
      }
      if (queue.isEmpty() && !stopping) {
        idle = true;
        if (queue.isEmpty() && !stopping) {
          LockSupport.park(this);
        }
        idle = false;
      }
    }
    drain();
    flushSink();
    if (!disabled) {
      try {
        sink.close();
      } catch (Throwable t) {
        report("failed to close", t);
      }
    }
  }

  /**
   * Waits the sink's interval after a batch, so that progress reaches it at most once per interval,
   * unless a lifecycle event, a flush or a stop asks for the next batch now. Spurious wake-ups and
   * leftover unpark permits do not shorten the wait.
   */
  private void awaitInterval() {
    long until = System.nanoTime() + intervalNanos;
    for (long left = intervalNanos;
        left > 0 && !wakeUp && !stopping;
        left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
    }
  }

  /** Delivers every queued slot in order; returns whether there was any. */
  private boolean drain() {
    boolean any = false;
    for (Slot slot = queue.poll(); slot != null; slot = queue.poll()) {
      queued.decrementAndGet();
      any = true;
      ProgressEvent event = slot.lifecycle;
      if (event == null) {
        Object taken = slot.progress.getAndSet(TAKEN);
        pendingProgress.remove(
            taken instanceof ProgressEvent ? ((ProgressEvent) taken).transferId() : -1L, slot);
        event = taken instanceof ProgressEvent ? (ProgressEvent) taken : null;
      }
      if (event != null && !disabled) {
        deliver(event);
      }
      delivered = slot.sequence;
    }
    return any;
  }

  private void deliver(ProgressEvent event) {
    try {
      sink.onEvent(event);
      failuresInARow = 0;
    } catch (Throwable t) {
      failed(t);
    }
  }

  private void flushSink() {
    long upTo = delivered;
    if (!disabled) {
      try {
        sink.flush();
        failuresInARow = 0;
      } catch (Throwable t) {
        failed(t);
      }
    }
    flushedUpTo = upTo;
  }

  private void failed(Throwable t) {
    failuresInARow++;
    if (failuresInARow >= maxFailures) {
      disable("it failed " + failuresInARow + " times in a row", t);
    } else if (!reported) {
      reported = true;
      report("failed (reported once; disabled after " + maxFailures + " failures in a row)", t);
    }
  }

  private void disable(String why, @Nullable Throwable t) {
    if (disabled) {
      return;
    }
    disabled = true;
    queue.clear();
    pendingProgress.clear();
    report("is disabled: " + why, t);
  }

  private void report(String what, @Nullable Throwable t) {
    try {
      logger.log(Level.WARNING, "Flowmeter sink '" + name + "' " + what, t);
    } catch (Throwable ignored) {
      // a broken logging setup must not break the dispatcher either
    }
  }

  @Override
  public String toString() {
    return "SinkDispatcher(" + name + ")";
  }

  private static final class Slot {
    final @Nullable ProgressEvent lifecycle;
    final AtomicReference<Object> progress;
    long sequence;

    Slot(@Nullable ProgressEvent lifecycle, @Nullable ProgressEvent progress) {
      this.lifecycle = lifecycle;
      this.progress = new AtomicReference<>(progress);
    }
  }
}
