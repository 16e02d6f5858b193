// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The progress side of one {@link SinkDispatcher}: the transfers it has in hand (their first event
 * delivered, their final one not yet), and for each when its last snapshot was delivered, so that
 * the newest one sampled ({@link ProgressCell}) is pulled at most once per interval, and never
 * before a lifecycle event of its transfer that the sink has not had, nor after one that it has.
 * See the dispatcher's design notes.
 *
 * <p>Thread-safety: none; only the dispatcher's thread uses it.
 */
final class ProgressBoard {
  private final long intervalNanos;
  private final HashMap<ProgressCell, InHand> inHand = new HashMap<>();
  // the same, in an array for the pulls: walking 10,000 entries of a HashMap chased a pointer more
  // per entry, and was a third of the console sink's time in ScaleLoad
  private final ArrayList<InHand> order = new ArrayList<>();
  private boolean waiting; // after a pull: a snapshot the sink has not had is held for its time
  private long nextDueNanos; // when the first one held is due; only while waiting

  ProgressBoard(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /**
   * The newest snapshot of the transfer of {@code slot} (just taken, with {@code events}) when the
   * sink has not had it, and it belongs among or before those events: sampled after one of the
   * lifecycle events before the slot's last one; else {@code null}. The dispatcher delivers it at
   * its place, due or not, since lifecycle events are not delayed, and so the last progress before
   * an end is not lost.
   */
  ProgressCell.@Nullable Sample within(DeliverySlot slot, ProgressEvent[] events) {
    ProgressCell.Sample sample = slot.cell.latest;
    if (sample == null || sample.lifecycles() >= slot.lifecycles()) {
      return null; // none, or sampled after the slot's events: pulled in its time
    }
    InHand h = inHand.get(slot.cell);
    if (h != null && (sample.event() == h.lastSample || sample.lifecycles() < h.lifecycles)) {
      return null; // had already, or older than what the sink had
    }
    for (ProgressEvent event : events) {
      if (event == sample.event()) {
        return null; // pushed in the slot itself
      }
    }
    return sample;
  }

  /** Notes the events of {@code slot} delivered at {@code now}, with {@code within} if any. */
  void delivered(
      DeliverySlot slot, ProgressEvent[] events, @Nullable ProgressEvent within, long now) {
    if (events[events.length - 1].isFinal()) {
      InHand gone = inHand.remove(slot.cell);
      if (gone != null) {
        InHand last = order.remove(order.size() - 1); // the last takes its place
        if (last != gone) {
          order.set(gone.index, last);
          last.index = gone.index;
        }
      }
      return;
    }
    InHand h = inHand.get(slot.cell);
    if (h == null) {
      h = new InHand(slot.cell, slot.listeners, order.size());
      inHand.put(slot.cell, h);
      order.add(h);
    }
    h.lifecycles = slot.lifecycles();
    ProgressEvent progress = within;
    for (ProgressEvent event : events) {
      if (!event.isLifecycle()) {
        progress = event; // pushed to a sink that joined late: see Tracker.sample
      }
    }
    if (progress != null) {
      h.lastSample = progress;
      h.lastNanos = now;
      h.progressed = true;
    }
  }

  /**
   * Hands {@code deliver} each transfer's newest snapshot that the sink has not had and that is due
   * at {@code now} ({@code all}: due or not); returns whether it handed any. Notes when the first
   * snapshot held back is due ({@link #isWaiting}, {@link #nextDueNanos}).
   */
  boolean pull(long now, boolean all, BiConsumer<ProgressEvent, List<ProgressListener>> deliver) {
    boolean any = false;
    waiting = false;
    for (int i = 0, n = order.size(); i < n; i++) {
      InHand h = order.get(i);
      ProgressCell.Sample sample = h.cell.latest;
      if (sample == null || sample.event() == h.lastSample || sample.lifecycles() != h.lifecycles) {
        continue; // nothing new, or it belongs before or after a lifecycle event still queued
      }
      if (!all && h.progressed && intervalNanos > 0 && now - h.lastNanos < intervalNanos) {
        long due = h.lastNanos + intervalNanos;
        if (!waiting || due - nextDueNanos < 0) {
          nextDueNanos = due;
        }
        waiting = true;
        continue;
      }
      h.lastSample = sample.event();
      h.lastNanos = now; // the pass's time: those delivered together stay together
      h.progressed = true;
      deliver.accept(sample.event(), h.listeners);
      any = true;
    }
    return any;
  }

  /** Whether the last pull held a snapshot back for its time. */
  boolean isWaiting() {
    return waiting;
  }

  /** When the first snapshot the last pull held back is due; only while {@link #isWaiting}. */
  long nextDueNanos() {
    return nextDueNanos;
  }

  /** Whether the last pull held back a snapshot that is due at {@code now}. */
  boolean isDue(long now) {
    return waiting && now - nextDueNanos >= 0;
  }

  /** Forgets every transfer: the sink is off. */
  void clear() {
    inHand.clear();
    order.clear();
    waiting = false;
  }

  /** The transfers in hand; for tests. */
  int size() {
    return inHand.size();
  }

  /** One transfer in hand. */
  private static final class InHand {
    final ProgressCell cell;
    final List<ProgressListener> listeners; // the transfer's own, for TransferListenerSink only
    int index; // in order
    int lifecycles; // of its lifecycle events, those the sink has had
    @Nullable ProgressEvent lastSample; // the last snapshot the sink had
    long lastNanos; // when it had it
    boolean progressed; // whether it had one

    InHand(ProgressCell cell, List<ProgressListener> listeners, int index) {
      this.cell = cell;
      this.listeners = listeners;
      this.index = index;
    }
  }
}
