// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.sink.ProgressSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
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
   * What is queued: one DeliverySlot per transfer with undelivered lifecycle events (starting,
   * saving, the final event), not one entry per event: a slot holds that transfer's lifecycle
   * events in order. So a transfer that starts and ends between two deliveries costs one slot of two
   * events, and a sink's backlog is bounded by the number of transfers with news for it, never by
   * the number of events or samples. Progress is not queued at all (see Rate).
   *
   * Order: all offers for one transfer are made under that transfer's monitor (TransferImpl), so
   * they arrive here one at a time and in the order they happened. `open` maps each transfer this
   * dispatcher has in hand to its latest slot; the dispatcher thread takes a slot by marking it
   * taken under the slot's monitor, and an offer that finds its transfer's slot taken opens a new
   * one behind it. Slots are delivered in queue order, so a transfer's events reach the sink in
   * order, each exactly once.
   *
   * Memory: a slot holds the events and nothing of the transfer (its counter, speed meter,
   * children, cancel actions), except, for the listeners of single transfers, their list. The
   * final offer drops the transfer from `open`, so an ended transfer waiting for a slow sink costs
   * its slot, its queue node and its events (shared by every sink): DeliveryLoad hold measures it.
   *
   * The bound: `pending` counts the transfers in hand, from their first event admitted to the
   * delivery of their final one; it never exceeds `bound` (flowmeter.sink-backlog). A burst is
   * finite and the default bound holds it whole; a stream of transfers that never ends, faster
   * than the sink, is not, so at the bound a transfer this dispatcher has not seen is refused
   * whole: none of its events are given to the sink (a sink never gets a start without its end,
   * nor an end without its start), it counts as missed, and it costs at most a marker in `open`
   * until it ends. Transfers in hand are never shed, and their later news never needs room (a
   * transfer in hand has at most one slot waiting), so the admission is the only check: one
   * compare-and-set on the application thread when a transfer starts, no lock, no wait. Refusing
   * the newest rather than dropping the oldest keeps that cost flat: dropping from the middle of
   * the queue would need a lock or a scan. Said once on stderr when it first happens; the number
   * missed is said again at flush and at exit, and flush says false from then on.
   *
   * Nothing else is lost: a healthy sink is never cut off for being slower than a burst. Only a
   * sink that makes no progress at all for flowmeter.sink-stall-timeout (it blocks) is cut off,
   * and one that throws maxFailures times in a row is switched off; each is said once on stderr
   * (Diagnostics), with the number of transfers it missed.
   *
   * Rate: progress is pulled, not pushed. The reporter writes each running transfer's newest
   * snapshot to the transfer's ProgressCell, once per pass, then wakes each dispatcher once
   * (progressOffered). The thread keeps the transfers it has in hand (ProgressBoard: their first
   * event delivered, their final one not yet) and, after delivering its queue, takes from each
   * cell the snapshot it has not had, if its last one was delivered an interval ago or more;
   * those not due are held by time, and the thread waits until the first is due. So a
   * transfer's progress reaches the sink at most once per interval whatever else wakes the thread,
   * a slow sink simply skips the snapshots it had no time for (latest wins), and the reporter's
   * cost per pass is one write per transfer and one wake per sink, not one offer per transfer and
   * sink (with 10,000 transfers and 13 sinks, the offers were most of the reporter's time: see
   * ScaleLoad). Order: each snapshot carries the number of its transfer's lifecycle events before
   * it, and each slot the number up to its last event; a snapshot is delivered only when the sink
   * has had exactly those lifecycle events, so never before a lifecycle event that preceded it nor
   * after one that followed it; and before a slot's events, the snapshot sampled before them that
   * the sink has not had is delivered first (a lifecycle event is never delayed, and the last
   * progress before an end is not lost). A flush and a stop deliver every snapshot not had, due or
   * not. A sink or listener added while transfers run has none of them in hand: the reporter's
   * next pass pushes each running transfer's snapshot to every dispatcher once, as a slot (a
   * transfer given a listener, to its listeners' dispatcher), which puts them in hand.
   *
   * Start: the sink itself may be created on this thread (a factory), so a sink whose start
   * blocks (a FIFO with no reader) delays nobody; events offered meanwhile wait in the queue.
   * configure() may wait (bounded) for that start to end, to judge the sink by its outcome.
   *
   * Size: about 700 lines; the record per transfer (DeliverySlot) and the targets
   * (DeliveryTarget) are already apart, and what is left shares the queue, the flush markers and
   * the thread's state, which only this class may touch.
   */
  private static final int BATCH = 4096;

  private final String name;
  private final String label; // "sink 'csv'", or the listener's own name, for messages
  private @Nullable DeliveryTarget target;
  private final @Nullable Callable<@Nullable ProgressSink> factory;
  private final long intervalNanos;
  private final int maxFailures;
  private final long stallNanos;
  private final int bound; // the most transfers in hand; see the design notes
  private final boolean perTransfer; // delivers to the listeners of single transfers
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<TransferImpl, DeliverySlot> open = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong missed = new AtomicLong();
  private final Thread thread;
  private final ProgressBoard board; // the dispatcher thread's own

  private volatile long lastProgressNanos = System.nanoTime();
  private volatile boolean idle;
  private volatile boolean wakeUp;
  private volatile boolean samples; // the reporter wrote snapshots since the last pull
  private volatile boolean stopping;
  private volatile boolean off; // cut off, switched off after failures, or failed to start
  private volatile boolean neverStarted; // its factory failed: it never was a sink
  private final CountDownLatch startEnded = new CountDownLatch(1); // its factory ran (or none)
  private volatile boolean shed; // it refused a transfer at the bound
  private int failuresInARow;
  private boolean reported;

  /** A dispatcher for a sink already created, never cut off for stalling. */
  public SinkDispatcher(String name, ProgressSink sink, long intervalNanos, int maxFailures) {
    this(name, sink, intervalNanos, maxFailures, Long.MAX_VALUE);
  }

  /** A dispatcher for a sink already created, cut off after {@code stallNanos} without progress. */
  public SinkDispatcher(
      String name, ProgressSink sink, long intervalNanos, int maxFailures, long stallNanos) {
    this(name, sink, intervalNanos, maxFailures, stallNanos, Tracker.Settings.defaultSinkBacklog());
  }

  /**
   * A dispatcher for a sink already created, cut off after {@code stallNanos} without progress,
   * with at most {@code bound} transfers in hand (see the design notes).
   */
  public SinkDispatcher(
      String name,
      ProgressSink sink,
      long intervalNanos,
      int maxFailures,
      long stallNanos,
      int bound) {
    this(name, DeliveryTarget.of(sink), null, intervalNanos, maxFailures, stallNanos, bound);
  }

  /** A dispatcher for listeners: global ones, or those of single transfers. */
  SinkDispatcher(
      String name,
      DeliveryTarget target,
      long intervalNanos,
      int maxFailures,
      long stallNanos,
      int bound) {
    this(name, target, null, intervalNanos, maxFailures, stallNanos, bound);
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
      long stallNanos,
      int bound) {
    this(name, null, factory, intervalNanos, maxFailures, stallNanos, bound);
  }

  private SinkDispatcher(
      String name,
      @Nullable DeliveryTarget target,
      @Nullable Callable<@Nullable ProgressSink> factory,
      long intervalNanos,
      int maxFailures,
      long stallNanos,
      int bound) {
    this.name = name;
    this.label =
        target == null || target instanceof DeliveryTarget.SinkTarget
            ? "sink '" + name + "'"
            : name;
    this.target = target;
    this.factory = factory;
    this.intervalNanos = Math.max(0, intervalNanos);
    this.board = new ProgressBoard(this.intervalNanos);
    this.maxFailures = maxFailures;
    this.stallNanos = stallNanos <= 0 ? Long.MAX_VALUE : stallNanos;
    this.bound = Math.max(1, bound);
    this.perTransfer = target instanceof TransferListenerSink;
    this.thread =
        new Thread("flowmeter-sink-" + name) { // not a method reference: see Tracker.SYSTEM_NANOS
          @Override
          public void run() {
            SinkDispatcher.this.run();
          }
        };
    thread.setDaemon(true);
    thread.start();
  }

  String name() {
    return name;
  }

  /** The sink, once created; {@code null} before, or when this dispatches to a listener. */
  @Nullable ProgressSink sink() {
    DeliveryTarget t = target;
    return t instanceof DeliveryTarget.SinkTarget ? ((DeliveryTarget.SinkTarget) t).sink : null;
  }

  /** Whether the sink was cut off, switched off after failures, or could not start. */
  boolean isOff() {
    return off;
  }

  /** The number of transfers this sink did not get: refused at the bound, or ended while off. */
  public long missed() {
    return missed.get();
  }

  /** The transfers in hand: admitted, their end not yet delivered; at most {@link #bound()}. */
  public int pending() {
    return pending.get();
  }

  /** The most transfers this sink may have in hand ({@code flowmeter.sink-backlog}). */
  public int bound() {
    return bound;
  }

  // ---------------------------------------------------------------- offers (any thread)

  /**
   * Offers an event of {@code transfer}. The caller holds the transfer's monitor, so offers for one
   * transfer never race each other. A lifecycle event of a transfer in hand is never dropped while
   * the sink is on; a progress snapshot replaces the one of the same transfer still waiting; a
   * transfer first offered at the bound is refused whole (see the design notes).
   */
  void offer(TransferImpl transfer, ProgressEvent event) {
    offer(transfer, event, true);
  }

  /** After a reporter's pass wrote its snapshots: wakes the thread to pull them. */
  void progressOffered() {
    samples = true;
    if (idle) {
      lastProgressNanos = System.nanoTime(); // the stall clock starts when news arrive
    }
    if (idle || intervalNanos == 0) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * {@link #offer(TransferImpl, ProgressEvent)}, waking the thread only if {@code wake}: a snapshot
   * the reporter's pass pushes to a dispatcher that joined while the transfer ran (see the design
   * notes) waits for {@link #progressOffered()} after the pass.
   */
  void offer(TransferImpl transfer, ProgressEvent event, boolean wake) {
    if (off) {
      if (event.isFinal() && (open.isEmpty() || open.remove(transfer) != DeliverySlot.REFUSED)) {
        missed.incrementAndGet(); // a refused transfer was counted when it was refused
      }
      return;
    }
    DeliverySlot last = open.get(transfer);
    if (last == DeliverySlot.REFUSED) {
      if (event.isFinal()) {
        open.remove(transfer);
      }
      return;
    }
    if (last != null) {
      synchronized (last) {
        if (!last.taken) {
          last.add(event);
          if (event.isFinal()) {
            open.remove(transfer, last); // nothing follows: the slot alone waits for the sink
          }
          if (wake) {
            wakeFor(event);
          }
          return;
        }
      }
    } else if (!admit(transfer, event)) {
      return;
    }
    DeliverySlot slot =
        new DeliverySlot(
            event, transfer.progressCell(), perTransfer ? transfer.listeners() : List.of());
    if (event.isFinal()) {
      if (last != null) {
        open.remove(transfer, last);
      }
    } else {
      open.put(transfer, slot);
    }
    queue.add(slot);
    if (wake) {
      wakeFor(event);
    }
  }

  /**
   * Takes a transfer this dispatcher has not seen in hand, unless it has {@code bound} already:
   * then the transfer is refused whole and counted as missed.
   */
  private boolean admit(TransferImpl transfer, ProgressEvent event) {
    for (int n = pending.get(); n < bound; n = pending.get()) {
      if (pending.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    if (!event.isFinal()) {
      open.put(transfer, DeliverySlot.REFUSED); // its later events are dropped too
    }
    missed.incrementAndGet();
    if (!shed) {
      shed = true;
      Diagnostics.once(
          "sink-backlog:" + name,
          label
              + " fell "
              + bound
              + " transfers behind ("
              + ConfigKeys.SINK_BACKLOG
              + "): transfers that start while it is this far behind are not sent to it (none of"
              + " their events); raise "
              + ConfigKeys.SINK_BACKLOG
              + " to keep them");
    }
    return false;
  }

  private void wakeFor(ProgressEvent event) {
    if (event.isLifecycle()) {
      if (idle) {
        lastProgressNanos = System.nanoTime(); // the stall clock starts when news arrive
      }
      wakeUp = true;
      LockSupport.unpark(thread);
    } else {
      progressOffered();
    }
  }

  // ---------------------------------------------------------------- flush, stall, stop

  /**
   * Waits until every event offered before this call has been delivered and the sink flushed, or
   * the deadline passed; returns whether it all was. A sink that is off, or refused a transfer at
   * the bound, never has everything (it still gets the rest delivered and flushed first).
   */
  boolean awaitFlushed(long deadlineNanos) {
    boolean all = delivered(deadlineNanos);
    sayMissed();
    return all && !shed;
  }

  private boolean delivered(long deadlineNanos) {
    if (neverStarted) {
      return true; // not a sink of this tracker: its start failed and was reported
    }
    if (off || Thread.currentThread() == thread) {
      return false; // a sink asking from its own thread cannot wait for itself: say so at once
    }
    // queue first, then idle: read the other way round, a flush could see "idle" just before the
    // thread woke and "empty" just after it took the last slot, while that slot was being delivered
    if (queue.isEmpty() && idle) {
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
   * Says how many transfers this sink missed because it fell {@code bound} transfers behind, once
   * for each number: at flush, and at exit.
   */
  void sayMissed() {
    if (!shed) {
      return;
    }
    long n = missed.get();
    Diagnostics.once(
        "sink-missed:" + name + ":" + n,
        label
            + " missed "
            + n
            + " transfer(s) so far, refused while it was "
            + bound
            + " transfers behind ("
            + ConfigKeys.SINK_BACKLOG
            + ")");
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
      turnOff(
          waiting ->
              "made no progress for "
                  + Values.format(Duration.ofNanos(stallNanos))
                  + " and is cut off: "
                  + waiting
                  + " transfer(s) waiting for it are dropped, and later ones are not sent to it",
          null,
          true);
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
      long now = System.nanoTime();
      boolean delivered = drain(BATCH, now);
      if (samples || board.isDue(now)) {
        samples = false;
        delivered |= pull(now, false);
      }
      if (delivered) {
        flushTarget();
      }
      if (!queue.isEmpty()) {
        continue; // more than a batch was waiting
      }
      if (board.isWaiting()) {
        awaitUntil(board.nextDueNanos());
        continue;
      }
      if (delivered) {
        // the snapshots written meanwhile are due by then: taken in one pull, not held first
        awaitUntil(System.nanoTime() + intervalNanos);
        continue;
      }
      lastProgressNanos = System.nanoTime();
      idle = true;
      if (queue.isEmpty() && !stopping && !samples) {
        LockSupport.park(this);
      }
      idle = false;
    }
    if (off) {
      board.clear(); // what waits for a sink that is off is dropped
    } else {
      long now = System.nanoTime();
      drain(Integer.MAX_VALUE, now);
      pull(now, true);
      flushTarget();
      DeliveryTarget t = target;
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
      startEnded.countDown();
      return true;
    }
    try {
      ProgressSink sink = factory.call();
      if (sink == null) {
        neverStarted = true;
        turnOff(waiting -> "could not start", null, false); // the factory said why
        return false;
      }
      target = DeliveryTarget.of(sink);
      return true;
    } catch (Throwable e) {
      neverStarted = true;
      String message =
          e instanceof ConfigException
              ? e.getMessage()
              : "cannot start: " + Diagnostics.describe(e);
      turnOff(waiting -> message, e, true);
      return false;
    } finally {
      startEnded.countDown();
    }
  }

  /** Waits until the sink's start ended (either way), at most until {@code deadlineNanos}. */
  void awaitStarted(long deadlineNanos) {
    try {
      startEnded.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until {@code until} (a held slot is due, or an interval after a batch), unless a
   * lifecycle event, a flush or a stop asks for the next batch now, or the sink was switched off.
   */
  private void awaitUntil(long until) {
    for (long left = until - System.nanoTime();
        left > 0 && !wakeUp && !stopping && !off; // off: it ends now, not an interval later
        left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
    }
  }

  /** Delivers up to {@code max} queued slots in order; returns whether any was delivered. */
  private boolean drain(int max, long now) {
    boolean any = false;
    for (int n = 0; n < max && !off; n++) {
      Object next = queue.poll();
      if (next == null) {
        break;
      }
      if (next instanceof Marker) {
        pull(now, true); // a flush delivers everything offered before it
        flushTarget();
        ((Marker) next).done.countDown();
        continue;
      }
      any |= deliver((DeliverySlot) next, now);
    }
    return any;
  }

  /** Delivers the snapshots the sink has not had that are due ({@code all}: every one). */
  private boolean pull(long now, boolean all) {
    if (off) {
      return false;
    }
    boolean any = board.pull(now, all, this::deliver);
    if (any) {
      lastProgressNanos = System.nanoTime();
    }
    return any;
  }

  /**
   * Delivers the events of a slot, with the snapshot sampled among or before them at its place if
   * the sink has not had it; false when the slot was delivered already.
   */
  private boolean deliver(DeliverySlot slot, long now) {
    ProgressEvent[] events = slot.take();
    if (events == null) {
      return false;
    }
    ProgressCell.Sample sample = board.within(slot, events);
    int lifecycle = slot.lifecycles(); // the transfer's lifecycle events before the slot's first
    for (ProgressEvent event : events) {
      lifecycle -= event.isLifecycle() ? 1 : 0;
    }
    ProgressEvent inserted = null;
    for (ProgressEvent event : events) {
      if (sample != null && inserted == null && sample.lifecycles() == lifecycle) {
        inserted = sample.event();
        deliver(inserted, slot.listeners);
      }
      deliver(event, slot.listeners);
      lifecycle += event.isLifecycle() ? 1 : 0;
    }
    board.delivered(slot, events, inserted, now);
    if (events[events.length - 1].isFinal() && !off) {
      pending.decrementAndGet(); // its end is delivered: the transfer leaves this sink's hands
    }
    lastProgressNanos = System.nanoTime();
    return true;
  }

  private void deliver(ProgressEvent event, List<ProgressListener> listeners) {
    if (off) {
      return;
    }
    try {
      target.deliver(event, listeners);
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
      String why =
          "is switched off after "
              + failuresInARow
              + " failures in a row ("
              + ConfigKeys.SINK_FAILURES
              + "="
              + maxFailures
              + "); it misses every event from now on, and flush() returns false";
      turnOff(waiting -> why, t, true); // said even after the first failure was: a new state
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

  /**
   * Turns the sink off for good: what waits for it is dropped, and the ended transfers among it
   * count as missed (a running one counts when it ends). {@code why} is given the number of
   * transfers that had events waiting.
   */
  private synchronized void turnOff(
      IntFunction<String> why, @Nullable Throwable cause, boolean say) {
    if (off) {
      return;
    }
    off = true;
    int waiting = 0;
    for (Object next; (next = queue.poll()) != null; ) {
      if (next instanceof DeliverySlot) {
        waiting++;
        if (((DeliverySlot) next).ends()) {
          missed.incrementAndGet();
        }
      }
    }
    open.values()
        .removeIf(slot -> slot != DeliverySlot.REFUSED); // a refused transfer was counted already
    pending.set(0);
    String message = label + " " + why.apply(waiting);
    if (say) {
      Diagnostics.once("sink-off:" + name, message, cause);
    } else {
      Diagnostics.debug(message, cause);
    }
    LockSupport.unpark(thread);
  }

  /** Whether the thread still runs; for tests. */
  boolean isRunning() {
    return thread.isAlive();
  }

  /** Whether no transfer is kept in hand; for tests, once the thread ended. */
  boolean holdsNothing() {
    return board.size() == 0;
  }

  @Override
  public String toString() {
    return "SinkDispatcher(" + name + ")";
  }

  // ---------------------------------------------------------------- parts

  /** A flush request: done once every slot queued before it was delivered and the sink flushed. */
  private static final class Marker {
    final CountDownLatch done = new CountDownLatch(1);
  }
}
