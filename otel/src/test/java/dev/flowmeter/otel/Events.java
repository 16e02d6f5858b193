// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.Direction;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.Map;

/** The events of one transfer as the tracker sends them. */
final class Events {
  private final long id;
  private final String operation;
  private String name = "report.pdf";
  private String source = "api";
  private Direction direction = Direction.WRITE;
  private Kind kind = Kind.TRANSFER;
  private Map<String, String> attributes = Map.of();

  Events(long id, String operation) {
    this.id = id;
    this.operation = operation;
  }

  Events name(String name) {
    this.name = name;
    return this;
  }

  Events source(String source, Direction direction) {
    this.source = source;
    this.direction = direction;
    return this;
  }

  Events kind(Kind kind) {
    this.kind = kind;
    return this;
  }

  Events attributes(Map<String, String> attributes) {
    this.attributes = attributes;
    return this;
  }

  ProgressEvent started() {
    return event(Status.STARTING, true, 0, Duration.ZERO);
  }

  ProgressEvent progress(long bytes) {
    return event(Status.IN_PROGRESS, false, bytes, Duration.ofMillis(bytes));
  }

  ProgressEvent ended(Status status, long bytes, Duration elapsed) {
    return event(status, true, bytes, elapsed);
  }

  private ProgressEvent event(Status status, boolean lifecycle, long bytes, Duration elapsed) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation(operation)
        .name(name)
        .status(status)
        .lifecycle(lifecycle)
        .bytes(bytes)
        .totalBytes(1000)
        .elapsed(elapsed)
        .kind(kind)
        .attributes(attributes)
        .source(source)
        .direction(direction)
        .build();
  }
}
