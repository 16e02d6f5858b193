// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Instant;

/** Events for sink tests: one transfer's lifecycle and progress, at times given in seconds. */
public final class TestEvents {
  public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  private TestEvents() {}

  /** An event of transfer {@code id} at {@code T0 + seconds}, as a lifecycle event or not. */
  public static ProgressEvent.Builder event(
      long id, String name, Status status, boolean lifecycle, long bytes, long total, int seconds) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("upload")
        .name(name)
        .status(status)
        .lifecycle(lifecycle)
        .bytes(bytes)
        .totalBytes(total)
        .startTime(T0)
        .time(T0.plusSeconds(seconds));
  }

  public static ProgressEvent lifecycle(
      long id, String name, Status status, long bytes, long total) {
    return event(id, name, status, true, bytes, total, 0).build();
  }

  public static ProgressEvent progress(long id, String name, long bytes, long total, double speed) {
    return event(id, name, Status.IN_PROGRESS, false, bytes, total, 1).speed(speed).build();
  }
}
