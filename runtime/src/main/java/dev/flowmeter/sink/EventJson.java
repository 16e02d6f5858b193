// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import java.io.IOException;
import java.time.Duration;

/**
 * An event as one JSON object, spelled as the {@code jsonl} sink writes it, for any sink that sends
 * or stores JSON (a web dashboard, a webhook, a message queue).
 *
 * <p>The object has, in this order: {@code time} (ISO-8601, UTC), {@code id}, {@code parentId}
 * ({@code null} for none), {@code operation}, {@code name}, {@code unit} ({@code bytes}, {@code
 * chars}, {@code items}), {@code status} (Flowmeter's word, see {@link StatusWords#FLOWMETER}),
 * {@code percentage} (two decimals, rounded down, see {@link Percent}) and {@code totalBytes}
 * ({@code null} when the total is unknown), {@code bytes}, {@code speed} and {@code averageSpeed}
 * (units per second, three decimals), {@code startTime}, {@code elapsedSeconds}, {@code
 * estimatedCompletion} ({@code null} when unknown), {@code error} ({@code null} when none), {@code
 * attributes} (an object of strings), {@code lifecycle} (whether the event marks a change of
 * status), {@code final}, {@code etaSeconds} ({@code null} when unknown), then {@code source} and
 * {@code direction} (which path made the transfer and which way its bytes move: {@link
 * ProgressEvent#source()}, {@link ProgressEvent#direction()}). A member of a family (an operation,
 * a stage, a file group, a file) has more members after {@code attributes}: {@code kind}, {@code
 * step}, {@code message}, and a group's {@code completedFiles} and {@code totalFiles} or an
 * operation's {@code stages}; a plain transfer has none of them. The text is one line: every
 * control character in a name, an error, a step, a message or an attribute is escaped.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventJson {
  private EventJson() {}

  /** {@code event} as one JSON object on one line, without a line break at the end. */
  public static String toJson(ProgressEvent event) {
    StringBuilder out = new StringBuilder(512);
    object(out, event);
    return out.toString();
  }

  /**
   * Appends {@code event} as one JSON object on one line, without a line break at the end, to
   * {@code out}.
   *
   * @throws IOException when {@code out} throws it
   */
  public static void write(ProgressEvent event, Appendable out) throws IOException {
    if (out instanceof StringBuilder) {
      object((StringBuilder) out, event);
    } else {
      out.append(toJson(event));
    }
  }

  private static void object(StringBuilder out, ProgressEvent event) {
    JsonWriter json = new JsonWriter(out).beginObject();
    json.name("time").value(event.time());
    members(json, event);
    json.name("lifecycle").value(event.isLifecycle());
    json.name("final").value(event.isFinal());
    json.name("etaSeconds");
    if (event.eta().isPresent()) {
      json.value(seconds(event.eta().get()));
    } else {
      json.nullValue();
    }
    json.name("source").value(event.source());
    json.name("direction").value(event.direction().word());
    json.endObject();
  }

  /**
   * Writes the members that describe the transfer at the time of {@code event}, from {@code id} to
   * {@code attributes}, into an object {@code json} has begun. The {@code json} sink's status file
   * uses these alone.
   */
  public static void members(JsonWriter json, ProgressEvent event) {
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
    json.name("status").value(StatusWords.FLOWMETER.word(event));
    json.name("percentage");
    if (event.isPercentageKnown()) {
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
    family(json, event);
  }

  /**
   * Writes what the transfer is within its family, after {@code attributes}, only for a transfer
   * that has a family (so a plain transfer's object is as it always was): {@code kind}, {@code
   * step} and {@code message} ({@code null} when none); for a group {@code completedFiles} and
   * {@code totalFiles}; for an operation {@code stages}, an array of objects {@code name}, {@code
   * status}, {@code percentage} ({@code null} when unknown), {@code elapsedSeconds}, {@code
   * message}.
   */
  private static void family(JsonWriter json, ProgressEvent event) {
    if (event.kind() == Kind.TRANSFER
        && event.step().isEmpty()
        && event.message().isEmpty()
        && event.totalFiles() < 0
        && event.stages().isEmpty()) {
      return;
    }
    json.name("kind").value(event.kind().word());
    json.name("step").value(event.step().orElse(null));
    json.name("message").value(event.message().orElse(null));
    if (event.totalFiles() >= 0) {
      json.name("completedFiles").value(event.completedFiles());
      json.name("totalFiles").value(event.totalFiles());
    }
    if (event.kind() == Kind.OPERATION || !event.stages().isEmpty()) {
      json.name("stages").beginArray();
      for (ProgressEvent.StageState stage : event.stages()) {
        json.beginObject();
        json.name("name").value(stage.name());
        json.name("status").value(stage.status().word());
        json.name("percentage");
        if (stage.fraction() >= 0) {
          json.value(Math.floor(Math.min(1, stage.fraction()) * 10_000) / 100.0);
        } else {
          json.nullValue();
        }
        json.name("elapsedSeconds").value(seconds(stage.elapsed()));
        json.name("message").value(stage.message());
        json.endObject();
      }
      json.endArray();
    }
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
