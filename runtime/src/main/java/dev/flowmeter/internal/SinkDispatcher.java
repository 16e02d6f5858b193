// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Delivers events to one sink (or listener) on a thread of its own, so that a sink that is slow,
 * blocks or throws affects nobody else, and a sink slower than a burst catches up instead of losing
 * events.
 */
public final class SinkDispatcher {
  /*
   * Design notes
   *
   * What is queued: one Slot per transfer with undelivered events, not one entry per event. A
   * slot holds that transfer's events in order: its lifecycle events (at most starting, saving
   * and one final event) and at most one progress snapshot between two of them (a newer snapshot
   * replaces the one waiting: latest wins). So a transfer that starts and ends between two deliveries costs
   * one slot of two events, and a sink's backlog is bounded by the number of transfers with news
   * for it, never by the number of events or samples.
   *
   * Order: all offers for one transfer are made under that transfer's monitor (TransferImpl), so
   * they arrive here one at a time and in the order they happened. The dispatcher thread takes a
   * slot by marking it taken under the slot's monitor; an offer that finds its transfer's slot
   * taken opens a new one behind it. Slots are delivered in queue order, so a transfer's events
   * reach the sink in order, each exactly once.
   *
   * Nothing lost: a healthy sink is never cut off for being slower than a burst; the backlog
   * waits for it. Only a sink that makes no progress at all for flowmeter.sink-stall-timeout (it
   * blocks) is cut off, and one that throws maxFailures times in a row is switched off; each is
   * said once on stderr (Diagnostics), with the number of transfers it missed.
   *
   * Rate: after each batch the thread waits the sink's interval, or until a lifecycle event, a
   * flush or a stop wakes it; with nothing queued it parks until an offer wakes it.
   *
   * Start: the sink itself may be created on this thread (a factory), so a sink whose start
   * blocks (a FIFO with no reader) delays nobody; events offered meanwhile wait in the queue.
   */
  private static final int BATCH = 4096;

  private final String name;
  private final String label; // "sink 'csv'", or the listener's own name, for messages
  private @Nullable Target target;
  private final @Nullable Callable<@Nullable ProgressSink> factory;
  private final long intervalNanos;
  private final int maxFailures;
  private final long stallNanos;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<TransferImpl, Slot> open = new ConcurrentHashMap<>();
  private final AtomicInteger backlog = new AtomicInteger();
  private final AtomicLong missed = new AtomicLong();
  private final Thread thread;

  private volatile long lastProgressNanos = System.nanoTime();
  private volatile boolean idle;
  private volatile boolean wakeUp;
  private volatile boolean stopping;
  private volatile boolean off; // cut off, switched off after failures, or failed to start
  private volatile boolean neverStarted; // its factory failed: it never was a sink
  private int failuresInARow;
  private boolean reported;

  /** A dispatcher for a sink already created, never cut off for stalling. */
  public SinkDispatcher(String name, ProgressSink sink, long intervalNanos, int maxFailures) {
    this(name, Target.of(sink), null, intervalNanos, maxFailures, Long.MAX_VALUE);
  }

  /** A dispatcher for a sink already created, cut off after {@code stallNanos} without progress. */
  public SinkDispatcher(
      String name, ProgressSink sink, long intervalNanos, int maxFailures, long stallNanos) {
    this(name, Target.of(sink), null, intervalNanos, maxFailures, stallNanos);
  }

  /** A dispatcher for a delivery target already created (listeners). */
  SinkDispatcher(String name, Target target, long intervalNanos, int maxFailures) {
    this(name, target, null, intervalNanos, maxFailures, Long.MAX_VALUE);
  }

  /** A dispatcher for listeners, cut off after {@code stallNanos} without progress. */
  SinkDispatcher(String name, Target target, long intervalNanos, int maxFailures, long stallNanos) {
    this(name, target, null, intervalNanos, maxFailures, stallNanos);
  }

  /**
   * A dispatcher that creates its sink on its own thread with {@code factory}; a factory that
   * throws is reported once, one that returns {@code null} has reported why itself, and either way
   * the dispatcher drops what it was offered.
   */
  SinkDispatcher(
      String name,
      Callable<@Nullable ProgressSink> factory,
      long intervalNanos,
      int maxFailures,
      long stallNanos) {
    this(name, null, factory, intervalNanos, maxFailures, stallNanos);
  }

  private SinkDispatcher(
      String name,
      @Nullable Target target,
      @Nullable Callable<@Nullable ProgressSink> factory,
      long intervalNanos,
      int maxFailures,
      long stallNanos) {
    this.name = name;
    this.label = target == null || target instanceof SinkTarget ? "sink '" + name + "'" : name;
    this.target = target;
    this.factory = factory;
    this.intervalNanos = Math.max(0, intervalNanos);
    this.maxFailures = maxFailures;
    this.stallNanos = stallNanos <= 0 ? Long.MAX_VALUE : stallNanos;
    this.thread = new Thread(this::run, "flowmeter-sink-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  String name() {
    return name;
  }

  /** The sink, once created; {@code null} before, or when this dispatches to a listener. */
  @Nullable ProgressSink sink() {
    Target t = target;
    return t instanceof SinkTarget ? ((SinkTarget) t).sink : null;
  }

  /** Whether the sink was cut off, switched off after failures, or could not start. */
  boolean isOff() {
    return off;
  }

  /** The number of transfers whose events this sink did not get because it was off. */
  long missed() {
    return missed.get();
  }

  /** The number of transfers with events waiting for this sink. */
  int backlog() {
    return backlog.get();
  }

  /** The number of transfers with events waiting for this sink (benchmarks). */
  public int pending() {
    return backlog.get();
  }

  // ---------------------------------------------------------------- offers (any thread)

  /**
   * Offers an event of {@code transfer}. The caller holds the transfer's monitor, so offers for one
   * transfer never race each other. A lifecycle event is never dropped while the sink is on; a
   * progress snapshot replaces the one of the same transfer still waiting.
   */
  void offer(TransferImpl transfer, ProgressEvent event) {
    if (off) {
      if (event.isFinal()) {
        missed.incrementAndGet();
      }
      return;
    }
    Slot waiting = open.get(transfer);
    if (waiting != null) {
      synchronized (waiting) {
        if (!waiting.taken) {
          waiting.add(event);
          wakeFor(event);
          return;
        }
      }
      open.remove(transfer, waiting);
    }
    Slot slot = new Slot(transfer, event);
    open.put(transfer, slot);
    backlog.incrementAndGet();
    queue.add(slot);
    wakeFor(event);
  }

  private void wakeFor(ProgressEvent event) {
    if (idle) {
      lastProgressNanos = System.nanoTime(); // the stall clock starts when news arrive
    }
    if (event.isLifecycle()) {
      wakeUp = true;
      LockSupport.unpark(thread);
    } else if (idle || intervalNanos == 0) {
      LockSupport.unpark(thread);
    }
  }

  // ---------------------------------------------------------------- flush, stall, stop

  /**
   * Waits until every event offered before this call has been delivered and the sink flushed, or
   * the deadline passed; returns whether it all was. A sink that is off never has everything.
   */
  boolean awaitFlushed(long deadlineNanos) {
    if (neverStarted) {
      return true; // not a sink of this tracker: its start failed and was reported
    }
    if (off || Thread.currentThread() == thread) {
      return false; // a sink asking from its own thread cannot wait for itself: say so at once
    }
    if (idle && queue.isEmpty()) {
      return true; // parked with nothing waiting: everything offered so far was delivered
    }
    Marker marker = new Marker();
    queue.add(marker);
    wakeUp = true;
    LockSupport.unpark(thread);
    try {
      while (!off && thread.isAlive()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (marker.done.await(
            Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS)) {
          return !off;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    // a start that failed while this flush waited: not a sink of this tracker after all
    return neverStarted || (marker.done.getCount() == 0 && !off);
  }

  /**
   * Cuts the sink off when it has had events waiting and delivered nothing for the stall timeout:
   * it blocks for good. Called by the reporter thread.
   */
  void checkStalled(long nowNanos) {
    if (off || stopping || stallNanos == Long.MAX_VALUE) {
      return;
    }
    // a sink waiting out its interval is not stalled: progress offered meanwhile waits on purpose
    long allowed =
        stallNanos > Long.MAX_VALUE - intervalNanos ? Long.MAX_VALUE : stallNanos + intervalNanos;
    if (!queue.isEmpty() && nowNanos - lastProgressNanos > allowed) {
      long waiting = backlog.get();
      turnOff(
          "made no progress for "
              + Values.format(Duration.ofNanos(stallNanos))
              + " and is cut off: "
              + waiting
              + " transfer(s) waiting for it are dropped, and later ones are not sent to it",
          null,
          waiting);
    }
  }

  /** Asks the thread to deliver what is queued, flush and close the sink, and end. */
  void requestStop() {
    stopping = true;
    wakeUp = true;
    LockSupport.unpark(thread);
  }

  /** Waits for the thread to end until the deadline; returns whether it ended. */
  boolean awaitStopped(long deadlineNanos) {
    if (Thread.currentThread() == thread) {
      return false; // asked from the sink itself (removeSink in onEvent): it ends after returning
    }
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

  // ---------------------------------------------------------------- the dispatcher thread

  private void run() {
    if (!start()) {
      return;
    }
    while (!stopping && !off) {
      wakeUp = false;
      if (drain(BATCH)) {
        flushTarget();
        if (queue.isEmpty()) {
          awaitInterval();
        }
        continue;
      }
      lastProgressNanos = System.nanoTime();
      idle = true;
      if (queue.isEmpty() && !stopping) {
        LockSupport.park(this);
      }
      idle = false;
    }
    if (!off) {
      drain(Integer.MAX_VALUE);
      flushTarget();
      Target t = target;
      if (!off && t != null) {
        try {
          t.close();
        } catch (Throwable e) {
          failed(e);
        }
      }
    }
  }

  /** Creates the sink with the factory, if any; returns whether there is a sink to deliver to. */
  private boolean start() {
    if (target != null) {
      return true;
    }
    try {
      ProgressSink sink = factory.call();
      if (sink == null) {
        neverStarted = true;
        turnOff("could not start", null, backlog.get(), false); // the factory said why
        return false;
      }
      target = Target.of(sink);
      return true;
    } catch (Throwable e) {
      neverStarted = true;
      String message =
          e instanceof ConfigException
              ? e.getMessage()
              : "cannot start: " + Diagnostics.describe(e);
      turnOff(message, e, backlog.get());
      return false;
    }
  }

  /**
   * Waits the sink's interval after a batch, so that progress reaches it at most once per interval,
   * unless a lifecycle event, a flush or a stop asks for the next batch now.
   */
  private void awaitInterval() {
    long until = System.nanoTime() + intervalNanos;
    for (long left = intervalNanos;
        left > 0 && !wakeUp && !stopping;
        left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
    }
  }

  /** Delivers up to {@code max} queued slots in order; returns whether there was any. */
  private boolean drain(int max) {
    boolean any = false;
    for (int n = 0; n < max && !off; n++) {
      Object next = queue.poll();
      if (next == null) {
        break;
      }
      any = true;
      if (next instanceof Marker) {
        flushTarget();
        ((Marker) next).done.countDown();
        continue;
      }
      Slot slot = (Slot) next;
      ProgressEvent[] events = slot.take();
      open.remove(slot.transfer, slot);
      backlog.decrementAndGet();
      for (ProgressEvent event : events) {
        deliver(slot.transfer, event);
      }
      lastProgressNanos = System.nanoTime();
    }
    return any;
  }

  private void deliver(TransferImpl transfer, ProgressEvent event) {
    if (off) {
      return;
    }
    try {
      target.deliver(transfer, event);
      failuresInARow = 0;
    } catch (Throwable t) {
      failed(t);
    }
  }

  private void flushTarget() {
    if (off) {
      return;
    }
    try {
      target.flush(); // a flush that works says nothing of onEvent: failures still count
    } catch (Throwable t) {
      failed(t);
    }
  }

  private void failed(Throwable t) {
    failuresInARow++;
    if (failuresInARow >= maxFailures) {
      turnOff(
          "is switched off after " + failuresInARow + " failures in a row",
          t,
          backlog.get(),
          !reported);
    } else if (!reported) {
      reported = true;
      Diagnostics.once(
          "sink-failed:" + name,
          label
              + " failed ("
              + Diagnostics.describe(t)
              + (maxFailures == Integer.MAX_VALUE
                  ? "); it goes on receiving events"
                  : "); it is switched off if it fails " + maxFailures + " times in a row"),
          t);
    }
  }

  private void turnOff(String why, @Nullable Throwable cause, long waiting) {
    turnOff(why, cause, waiting, true);
  }

  private void turnOff(String why, @Nullable Throwable cause, long waiting, boolean say) {
    if (off) {
      return;
    }
    off = true;
    missed.addAndGet(waiting);
    queue.clear();
    open.clear();
    backlog.set(0);
    String message = label + " " + why;
    if (say) {
      Diagnostics.once("sink-off:" + name, message, cause);
    } else {
      Diagnostics.debug(message, cause);
    }
    LockSupport.unpark(thread);
  }

  @Override
  public String toString() {
    return "SinkDispatcher(" + name + ")";
  }

  // ---------------------------------------------------------------- parts

  /** Where a dispatcher delivers: a sink, or listeners that need the transfer itself. */
  interface Target {
    void deliver(TransferImpl transfer, ProgressEvent event) throws Exception;

    default void flush() throws Exception {}

    default void close() throws Exception {}

    static Target of(ProgressSink sink) {
      return new SinkTarget(sink);
    }
  }

  private static final class SinkTarget implements Target {
    final ProgressSink sink;

    SinkTarget(ProgressSink sink) {
      this.sink = sink;
    }

    @Override
    public void deliver(TransferImpl transfer, ProgressEvent event) {
      sink.onEvent(event);
    }

    @Override
    public void flush() throws Exception {
      sink.flush();
    }

    @Override
    public void close() throws Exception {
      sink.close();
    }
  }

  /** A flush request: done once every slot queued before it was delivered and the sink flushed. */
  private static final class Marker {
    final CountDownLatch done = new CountDownLatch(1);
  }

  /** The undelivered events of one transfer; see the design notes. */
  private static final class Slot {
    final TransferImpl transfer;
    private ProgressEvent[] events = new ProgressEvent[2];
    private int size;
    boolean taken; // guarded by this

    Slot(TransferImpl transfer, ProgressEvent first) {
      this.transfer = transfer;
      events[size++] = first;
    }

    /** Adds an event; the caller holds this monitor and the slot is not taken. */
    void add(ProgressEvent event) {
      ProgressEvent last = events[size - 1];
      if (!last.isLifecycle() && !event.isLifecycle()) {
        events[size - 1] = event; // latest wins
        return;
      }
      if (size == events.length) {
        events = Arrays.copyOf(events, size * 2);
      }
      events[size++] = event;
    }

    synchronized ProgressEvent[] take() {
      taken = true;
      return Arrays.copyOf(events, size);
    }
  }
}
