// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import java.util.HashMap;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each transfer's progress at most once per interval for one {@link SinkDispatcher}, however
 * often other transfers' lifecycle events wake it: when each transfer in hand last had a snapshot
 * delivered, and the slots held back until their next one is due. See the dispatcher's design
 * notes.
 *
 * <p>Thread-safety: none; only the dispatcher's thread uses it.
 */
final class ProgressPace {
  private static final int MIN_COMPACT = 64;

  private final long intervalNanos;
  private final HashMap<Long, Long> lastProgress = new HashMap<>();
  private final PriorityQueue<Held> held = new PriorityQueue<>();
  private int compactAt = MIN_COMPACT; // held.size() at which the slots taken meanwhile are dropped

  ProgressPace(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /**
   * Holds {@code slot} back when all it has is a snapshot of a transfer delivered less than an
   * interval before {@code now}; returns whether it did.
   */
  boolean hold(DeliverySlot slot, long now) {
    if (intervalNanos == 0 || !slot.onlyProgress()) {
      return false;
    }
    Long last = lastProgress.get(slot.transferId());
    if (last == null || now - last >= intervalNanos || !slot.defer()) {
      return false; // defer() is false when a lifecycle event came meanwhile: deliver it now
    }
    if (held.size() >= compactAt) {
      // a held slot that got a lifecycle event was queued again and delivered from the queue: its
      // entry here waits for nothing, and would stay until its time came, so that with a long
      // interval the entries grew with the transfers ended within it. Dropped here, at most once
      // per doubling, they cost O(1) per hold.
      held.removeIf(h -> h.slot.isTaken());
      compactAt = Math.max(MIN_COMPACT, 2 * held.size());
    }
    held.add(new Held(last + intervalNanos, slot));
    return true;
  }

  /** The next held slot due at {@code now} ({@code all}: the next held slot), else null. */
  @Nullable DeliverySlot pollDue(long now, boolean all) {
    dropTakenFirst();
    Held next = held.peek();
    if (next == null || !(all || next.dueNanos - now <= 0)) {
      return null;
    }
    held.poll();
    return next.slot;
  }

  /** Whether no slot is held. */
  boolean isEmpty() {
    dropTakenFirst();
    return held.isEmpty();
  }

  /** When the first held slot is due; only when one is held. */
  long firstDueNanos() {
    dropTakenFirst();
    return held.element().dueNanos;
  }

  /** Drops the first entries while their slot was delivered already (from the queue). */
  private void dropTakenFirst() {
    for (Held first; (first = held.peek()) != null && first.slot.isTaken(); ) {
      held.poll();
    }
  }

  /** Forgets every held slot and every time: the sink is off. */
  void clear() {
    held.clear();
    lastProgress.clear();
  }

  /** The transfers whose last delivery time is kept; for tests. */
  int remembered() {
    return lastProgress.size();
  }

  /** The entries kept, slots still held or not; for tests. */
  int heldEntries() {
    return held.size();
  }

  /** Notes the events of a slot delivered at {@code now}. */
  void delivered(ProgressEvent[] events, long now) {
    ProgressEvent end = events[events.length - 1];
    if (end.isFinal()) {
      lastProgress.remove(end.transferId());
      return;
    }
    if (intervalNanos > 0) {
      for (ProgressEvent event : events) {
        if (!event.isLifecycle()) {
          lastProgress.put(end.transferId(), now);
          return;
        }
      }
    }
  }

  /** A slot held back until its transfer's next snapshot is due. */
  private static final class Held implements Comparable<Held> {
    final long dueNanos;
    final DeliverySlot slot;

    Held(long dueNanos, DeliverySlot slot) {
      this.dueNanos = dueNanos;
      this.slot = slot;
    }

    @Override
    public int compareTo(Held other) {
      return Long.compare(dueNanos - other.dueNanos, 0); // nanoTime may wrap: compare differences
    }
  }
}
