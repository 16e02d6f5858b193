// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The events of one transfer, as the tracker would send them, at times a test chooses: the start is
 * at {@link #T0} plus the transfer's offset, and every time is given in milliseconds after it.
 */
final class Events {
  static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");

  private final long id;
  private final String name;
  private final long total;
  private final Instant start;
  private long parentId;
  private Map<String, String> attributes = Map.of();

  Events(long id, String name, long total, long startMillis) {
    this.id = id;
    this.name = name;
    this.total = total;
    this.start = T0.plusMillis(startMillis);
  }

  Events parent(long parentId) {
    this.parentId = parentId;
    return this;
  }

  Events attributes(Map<String, String> attributes) {
    this.attributes = attributes;
    return this;
  }

  ProgressEvent started() {
    return event(Status.STARTING, true, 0, 0).build();
  }

  /** A progress snapshot {@code at} ms after the start, at {@code bytes}, moving 1000 B/s. */
  ProgressEvent progress(long at, long bytes) {
    return event(Status.IN_PROGRESS, false, at, bytes).speed(1000 + bytes).build();
  }

  ProgressEvent completed(long at) {
    return event(Status.COMPLETED, true, at, total).build();
  }

  ProgressEvent failed(long at, long bytes, String message) {
    return event(Status.FAILED, true, at, bytes)
        .error(message)
        .errorType("java.io.IOException")
        .build();
  }

  ProgressEvent cancelled(long at, long bytes) {
    return event(Status.CANCELLED, true, at, bytes).error("cancelled by the user").build();
  }

  private ProgressEvent.Builder event(Status status, boolean lifecycle, long at, long bytes) {
    return ProgressEvent.builder()
        .transferId(id)
        .parentId(parentId)
        .operation("copy")
        .name(name)
        .status(status)
        .lifecycle(lifecycle)
        .bytes(bytes)
        .totalBytes(total)
        .startTime(start)
        .time(start.plusMillis(at))
        .elapsed(Duration.ofMillis(at))
        .attributes(attributes);
  }

  /** A clock that moves only when a test says so. */
  static final class TestClock extends java.time.Clock {
    private volatile Instant now = T0;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
