// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One transfer's queue to the webhook: its lifecycle events in order, the latest progress snapshot
 * behind them (a newer one replaces it), and the one request in flight.
 *
 * <p>Confined to the sink's own thread.
 */
final class Lane {
  /** Lifecycle events one transfer can have queued: a transfer has about five in its life. */
  static final int MAX_LIFECYCLE = 16;

  final long transferId;
  final ArrayDeque<ProgressEvent> lifecycle = new ArrayDeque<>();

  /** The latest progress snapshot, newer than every queued lifecycle event; null when none. */
  @Nullable ProgressEvent latest;

  /** The event being sent; null when no request is in flight. */
  @Nullable ProgressEvent sending;

  /** Failed attempts and 429s for the event at the head, for backoff and the retry bound. */
  int attempts;

  int throttled;

  /** No request before this time ({@link System#nanoTime()}): a backoff. */
  long notBefore;

  /** When the last request started, for the progress interval. */
  long lastSent;

  /** Discord: the id of the transfer's message, once created. */
  @Nullable String messageId;

  /** Discord: a message was created but its id not given back, so it cannot be edited. */
  boolean noMessageId;

  /** The transfer's final event arrived (sent or not): the lane goes once it is idle. */
  boolean ended;

  Lane(long transferId, long now, long interval) {
    this.transferId = transferId;
    this.notBefore = now;
    this.lastSent = now - interval;
  }

  /** The next event to send: the oldest lifecycle event, else the latest snapshot; or null. */
  @Nullable ProgressEvent next() {
    ProgressEvent head = lifecycle.peekFirst();
    return head != null ? head : latest;
  }

  /** Takes {@code event} off the queue, if it is still there (a newer snapshot may replace it). */
  void remove(ProgressEvent event) {
    if (lifecycle.peekFirst() == event) {
      lifecycle.pollFirst();
    } else if (latest == event) {
      latest = null;
    }
    attempts = 0;
    throttled = 0;
  }

  /** Whether nothing waits and nothing is in flight. */
  boolean idle() {
    return sending == null && lifecycle.isEmpty() && latest == null;
  }
}
