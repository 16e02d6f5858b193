// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.JsonWriter;
import java.time.Duration;

/**
 * The JSON members of an event, shared by the {@code json} and {@code jsonl} sinks so both spell
 * every field alike.
 */
final class EventJson {
  private EventJson() {}

  /**
   * Writes the members that describe the transfer at the time of {@code event}: ids, operation,
   * name, unit, status word, counts, percentage, speeds, start time, estimated completion, error
   * and attributes. Unknown values (total, percentage, estimated completion, error) are {@code
   * null}.
   */
  static void transfer(JsonWriter json, ProgressEvent event) {
    json.name("id").value(event.transferId());
    json.name("parentId");
    if (event.parentId() != 0) {
      json.value(event.parentId());
    } else {
      json.nullValue();
    }
    json.name("operation").value(event.operation());
    json.name("name").value(event.name());
    json.name("unit").value(event.unit().name());
    json.name("status").value(event.status().word());
    json.name("percentage");
    if (event.isTotalKnown()) {
      json.value(Percent.floor(event, 100) / 100.0); // two decimals, rounded down
    } else {
      json.nullValue();
    }
    json.name("bytes").value(event.bytes());
    json.name("totalBytes");
    if (event.isTotalKnown()) {
      json.value(event.totalBytes());
    } else {
      json.nullValue();
    }
    json.name("speed").value(round3(event.speed()));
    json.name("averageSpeed").value(round3(event.averageSpeed()));
    json.name("startTime").value(event.startTime());
    json.name("elapsedSeconds").value(seconds(event.elapsed()));
    json.name("estimatedCompletion").value(event.estimatedCompletion().orElse(null));
    json.name("error").value(event.error().orElse(null));
    json.name("attributes").value(event.attributes());
  }

  private static double round3(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? value
        : Math.round(value * 1000) / 1000.0;
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
