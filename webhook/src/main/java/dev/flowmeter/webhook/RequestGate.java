// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import java.util.concurrent.TimeUnit;

/**
 * The sink's global limits on requests: at most {@code perMinute} started in any 60 seconds (a
 * sliding window over the start times of the last {@code perMinute} requests, so the memory is
 * fixed), and none while the server asked to wait (a 429, or Discord's emptied bucket).
 *
 * <p>Times are {@link System#nanoTime()} values. Not thread-safe: the sink's own thread uses it.
 */
final class RequestGate {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  /** The start times of the last requests, a ring: {@code next} is the oldest when full. */
  private final long[] started;

  private int next;
  private int count;
  private long pausedUntil;
  private boolean paused;

  RequestGate(int perMinute) {
    this.started = new long[perMinute];
  }

  /** How long to wait before a request may start at {@code now}: 0 when it may start now. */
  long delay(long now) {
    long wait = 0;
    if (paused && pausedUntil - now > 0) {
      wait = pausedUntil - now;
    }
    if (count == started.length) {
      wait = Math.max(wait, started[next] + MINUTE - now);
    }
    return Math.max(0, wait);
  }

  /** Counts a request started at {@code now}. */
  void record(long now) {
    started[next] = now;
    next = (next + 1) % started.length;
    count = Math.min(count + 1, started.length);
  }

  /** No request starts before {@code until} (a later pause already set stays). */
  void pauseUntil(long until) {
    if (!paused || until - pausedUntil > 0) {
      pausedUntil = until;
      paused = true;
    }
  }
}
