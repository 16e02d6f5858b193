// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock for tests: monotonic nanos and wall time that move only when told. */
public final class ManualTime {
  public static final Instant BASE = Instant.parse("2026-01-02T03:04:05Z");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  long nanoTime() {
    return nanos.get();
  }

  public void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  /** A wall clock at {@link #BASE} plus the time advanced. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return BASE.plusNanos(nanos.get());
      }
    };
  }

  /** A tracker on this clock with no reporter thread: call {@code sample()} by hand. */
  public Tracker tracker() {
    return tracker(Tracker.Settings.defaults());
  }

  public Tracker tracker(Tracker.Settings settings) {
    return new Tracker(settings, this::nanoTime, clock(), false);
  }
}
