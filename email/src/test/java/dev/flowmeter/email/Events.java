// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.time.Instant;

/** Events of one transfer, as the tracker sends them, for the tests. */
final class Events {
  static final Instant START = Instant.parse("2026-11-27T06:00:00Z");

  private final long id;
  private final String name;
  private final long total;

  Events(long id, String name, long total) {
    this.id = id;
    this.name = name;
    this.total = total;
  }

  ProgressEvent.Builder base(Status status, long bytes, long seconds) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("copy")
        .name(name)
        .status(status)
        .bytes(bytes)
        .totalBytes(total)
        .startTime(START)
        .time(START.plusSeconds(seconds))
        .elapsed(Duration.ofSeconds(seconds))
        .speed(seconds == 0 ? 0 : (double) bytes / seconds)
        .averageSpeed(seconds == 0 ? 0 : (double) bytes / seconds);
  }

  ProgressEvent started() {
    return base(Status.STARTING, 0, 0).lifecycle(true).build();
  }

  ProgressEvent progress(long bytes, long seconds) {
    return base(Status.IN_PROGRESS, bytes, seconds).build();
  }

  ProgressEvent completed(long seconds) {
    return base(Status.COMPLETED, total, seconds).lifecycle(true).build();
  }

  ProgressEvent failed(long bytes, long seconds, String error) {
    return base(Status.FAILED, bytes, seconds).lifecycle(true).error(error).build();
  }
}
