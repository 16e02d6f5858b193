// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.time.Duration;
import java.time.Instant;

/** Events of one transfer, as the tracker makes them, and sinks made by the provider. */
final class Events {
  static final Instant START = Instant.parse("2026-11-27T06:00:00Z");

  private Events() {}

  /** A sink made by the provider, instance {@code name}, with {@code options} as key, value. */
  static ProgressSink sink(String name, String url, String... options) {
    SinkContext.Builder context = SinkContext.builder(name).kind("webhook").argument(url);
    for (int i = 0; i < options.length; i += 2) {
      context.option(options[i], options[i + 1]);
    }
    return new WebhookSinkProvider().create(context.build());
  }

  static ProgressEvent.Builder base(long id, String name, long total) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("download")
        .name(name)
        .totalBytes(total)
        .startTime(START)
        .time(START);
  }

  static ProgressEvent starting(long id, String name, long total) {
    return base(id, name, total).status(Status.STARTING).lifecycle(true).build();
  }

  static ProgressEvent progress(long id, String name, long bytes, long total) {
    return base(id, name, total)
        .status(Status.IN_PROGRESS)
        .bytes(bytes)
        .speed(1_048_576)
        .averageSpeed(1_000_000)
        .elapsed(Duration.ofSeconds(2))
        .eta(Duration.ofSeconds(7))
        .time(START.plusSeconds(2))
        .build();
  }

  static ProgressEvent completed(long id, String name, long total) {
    return base(id, name, total)
        .status(Status.COMPLETED)
        .lifecycle(true)
        .bytes(total)
        .averageSpeed(1_048_576)
        .elapsed(Duration.ofSeconds(9))
        .time(START.plusSeconds(9))
        .build();
  }

  static ProgressEvent failed(long id, String name, long bytes, long total, String error) {
    return base(id, name, total)
        .status(Status.FAILED)
        .lifecycle(true)
        .bytes(bytes)
        .elapsed(Duration.ofSeconds(3))
        .error(error)
        .time(START.plusSeconds(3))
        .build();
  }
}
