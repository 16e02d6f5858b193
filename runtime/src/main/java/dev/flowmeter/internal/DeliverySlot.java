// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The undelivered events of one transfer for one {@link SinkDispatcher}, and nothing else of it;
 * see the dispatcher's design notes. The first two events, all most transfers have, are fields;
 * more go to an array. Kept small: a slow sink holds one for each transfer it is behind on.
 *
 * <p>Thread-safety: the events, {@code taken} and {@code deferred} are guarded by this object's
 * monitor; offers for one transfer come one at a time (under the transfer's monitor), and the
 * dispatcher thread takes the slot once.
 */
final class DeliverySlot {
  /** The {@code open} entry of a transfer refused at the bound, until it ends. */
  static final DeliverySlot REFUSED = new DeliverySlot();

  final List<ProgressListener> listeners; // the transfer's own, for TransferListenerSink only
  private @Nullable ProgressEvent first; // guarded by this, as every field below
  private @Nullable ProgressEvent second;
  private ProgressEvent @Nullable [] more;
  private short size; // a short keeps the slot at 32 bytes; a transfer has a handful of events
  boolean taken;
  boolean deferred; // held back by the dispatcher: a progress snapshot that is not due yet

  DeliverySlot(ProgressEvent first, List<ProgressListener> listeners) {
    this.listeners = listeners;
    this.first = first;
    this.size = 1;
  }

  private DeliverySlot() { // REFUSED: never queued, always taken
    this.listeners = List.of();
    this.taken = true;
  }

  /** Adds an event; the caller holds this monitor and the slot is not taken. */
  void add(ProgressEvent event) {
    ProgressEvent last = get(size - 1);
    if (!last.isLifecycle() && !event.isLifecycle()) {
      set(size - 1, event); // latest wins
      return;
    }
    set(size++, event);
  }

  private ProgressEvent get(int i) {
    ProgressEvent event = i == 0 ? first : i == 1 ? second : Objects.requireNonNull(more)[i - 2];
    return Objects.requireNonNull(event);
  }

  private void set(int i, ProgressEvent event) {
    if (i == 0) {
      first = event;
    } else if (i == 1) {
      second = event;
    } else {
      if (more == null) {
        more = new ProgressEvent[2];
      } else if (i - 2 == more.length) {
        more = Arrays.copyOf(more, more.length * 2);
      }
      more[i - 2] = event;
    }
  }

  /** Whether the last event waiting is the transfer's final one. */
  synchronized boolean ends() {
    return size > 0 && get(size - 1).isFinal();
  }

  /**
   * Holds the slot back when all it has is one progress snapshot of a transfer whose last snapshot
   * reached the sink less than an interval ago: returns whether it did. A held slot stays open, so
   * later snapshots replace the one waiting, and a lifecycle event added to it makes the offer
   * queue it again.
   */
  synchronized boolean defer() {
    if (!onlyProgress()) {
      return false;
    }
    deferred = true;
    return true;
  }

  /** Whether all the slot has is one progress snapshot (then {@link #transferId()} may be read). */
  synchronized boolean onlyProgress() {
    return !taken && size == 1 && !get(0).isLifecycle();
  }

  /** Whether the dispatcher took the slot's events. */
  synchronized boolean isTaken() {
    return taken;
  }

  /** The transfer's id; only while the slot is not taken. */
  synchronized long transferId() {
    return get(0).transferId();
  }

  /**
   * Marks the slot taken and hands over its events, keeping none; {@code null} when it was taken
   * already (a held slot queued again is met twice).
   */
  synchronized ProgressEvent @Nullable [] take() {
    if (taken) {
      return null;
    }
    taken = true;
    deferred = false;
    ProgressEvent[] events = new ProgressEvent[size];
    for (int i = 0; i < size; i++) {
      events[i] = get(i);
    }
    first = null;
    second = null;
    more = null;
    return events;
  }
}
