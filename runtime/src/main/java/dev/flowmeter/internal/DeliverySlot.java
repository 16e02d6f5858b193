// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The undelivered events of one transfer for one {@link SinkDispatcher}: its lifecycle events (and
 * a snapshot pushed to a sink that joined while it ran), with the transfer's {@link ProgressCell}
 * and nothing else of it; see the dispatcher's design notes. The first two events, all most
 * transfers have, are fields; more go to an array. Kept small: a slow sink holds one for each
 * transfer it is behind on.
 *
 * <p>Thread-safety: the events, {@code lifecycles} and {@code taken} are guarded by this object's
 * monitor; offers for one transfer come one at a time (under the transfer's monitor), and the
 * dispatcher thread takes the slot once.
 */
final class DeliverySlot {
  /** The {@code open} entry of a transfer refused at the bound, until it ends. */
  static final DeliverySlot REFUSED = new DeliverySlot();

  final List<ProgressListener> listeners; // the transfer's own, for TransferListenerSink only
  final ProgressCell cell;
  private @Nullable ProgressEvent first; // guarded by this, as every field below
  private @Nullable ProgressEvent second;
  private ProgressEvent @Nullable [] more;
  private short size; // a short keeps the slot small; a transfer has a handful of events
  private int lifecycles; // the transfer's lifecycle events up to the last one here
  boolean taken;

  DeliverySlot(ProgressEvent first, ProgressCell cell, List<ProgressListener> listeners) {
    this.listeners = listeners;
    this.cell = cell;
    this.first = first;
    this.size = 1;
    this.lifecycles = cell.lifecycles;
  }

  private DeliverySlot() { // REFUSED: never queued, always taken
    this.listeners = List.of();
    this.cell = new ProgressCell(0);
    this.taken = true;
  }

  /** Adds an event; the caller holds this monitor and the transfer's, and the slot is not taken. */
  void add(ProgressEvent event) {
    lifecycles = cell.lifecycles;
    ProgressEvent last = get(size - 1);
    if (!last.isLifecycle() && !event.isLifecycle()) {
      set(size - 1, event); // latest wins
      return;
    }
    set(size++, event);
  }

  /**
   * The number of the transfer's lifecycle events up to the last one in this slot; read by the
   * dispatcher thread after {@link #take()}, which no add follows.
   */
  int lifecycles() {
    return lifecycles;
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
   * Marks the slot taken and hands over its events, keeping none; {@code null} when it was taken
   * already.
   */
  synchronized ProgressEvent @Nullable [] take() {
    if (taken) {
      return null;
    }
    taken = true;
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
