// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.JsonWriter;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.StatusWords;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The JSON the server speaks: one transfer ({@code task_id}, {@code state}, {@code progress}, ...),
 * one event of the stream ({@code download.progress}) and the lists that hold them.
 *
 * <p>Stateless and thread-safe; the files of a group come from the function the caller passes.
 */
final class TaskJson {
  private static final double MIB = 1024 * 1024;

  private TaskJson() {}

  /** The state word of {@code event} in the progress API's words ({@code downloading}, ...). */
  static String state(ProgressEvent event) {
    String word = StatusWords.progressApi(event.operation()).word(event.status());
    return word != null ? word : event.status().word();
  }

  /**
   * The name of {@code event} in the stream: {@code <operation>.<what>}, such as {@code
   * upload.error}.
   */
  static String eventName(ProgressEvent event) {
    return safeOperation(event.operation()) + "." + what(event);
  }

  private static String what(ProgressEvent event) {
    Status status = event.status();
    if (status == Status.STARTING && event.isLifecycle()) {
      return "started";
    }
    switch (status) {
      case SAVING:
        return "processing";
      case COMPLETED:
        return "completed";
      case FAILED:
        return "error";
      case CANCELLED:
        return "cancelled";
      default:
        return "progress";
    }
  }

  /**
   * The operation as it may stand in an event name: letters, digits, {@code -} and {@code _} kept,
   * anything else (a line break that would end the {@code event:} line early, say) as {@code _}.
   */
  private static String safeOperation(String operation) {
    StringBuilder out = new StringBuilder(operation.length());
    for (int i = 0; i < operation.length() && i < 64; i++) {
      char c = operation.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      out.append(plain ? c : '_');
    }
    return out.length() == 0 ? "transfer" : out.toString();
  }

  /** {@code {"transfers":[...]}} of {@code events}, each with its files from {@code files}. */
  static String list(List<ProgressEvent> events, LongFunction<List<ProgressEvent>> files) {
    JsonWriter json = new JsonWriter(new StringBuilder(256 + 512 * events.size())).beginObject();
    json.name("transfers").beginArray();
    for (ProgressEvent event : events) {
      transfer(json, event, files);
    }
    return json.endArray().endObject().toString();
  }

  /** One transfer as an object. */
  static String transfer(ProgressEvent event, LongFunction<List<ProgressEvent>> files) {
    return transfer(new JsonWriter(), event, files).toString();
  }

  /**
   * The event object of the stream: {@code event}, {@code task_id}, {@code timestamp}, {@code
   * progress}, {@code transfer}, and for an error {@code error}.
   */
  static String event(ProgressEvent event, LongFunction<List<ProgressEvent>> files) {
    JsonWriter json = new JsonWriter(new StringBuilder(1024)).beginObject();
    json.name("event").value(eventName(event));
    json.name("task_id").value(Long.toString(event.transferId()));
    json.name("timestamp").value(event.time());
    json.name("progress");
    progress(json, event);
    json.name("transfer");
    transfer(json, event, files);
    if (event.status() == Status.FAILED) {
      json.name("error");
      error(json, event);
    }
    return json.endObject().toString();
  }

  /** A message of the WebSocket protocol: {@code {"event":<event>,"task_id":<taskId>}}. */
  static String reply(String event, String taskId) {
    return new JsonWriter()
        .beginObject()
        .name("event")
        .value(event)
        .name("task_id")
        .value(taskId)
        .endObject()
        .toString();
  }

  /** {@code {"event":"error","message":<message>}}. */
  static String errorReply(String message) {
    return new JsonWriter()
        .beginObject()
        .name("event")
        .value("error")
        .name("message")
        .value(message)
        .endObject()
        .toString();
  }

  /** {@code {"error":<message>}}, the body of every error answer. */
  static String error(String message) {
    return new JsonWriter().beginObject().name("error").value(message).endObject().toString();
  }

  private static JsonWriter transfer(
      JsonWriter json, ProgressEvent event, LongFunction<List<ProgressEvent>> files) {
    json.beginObject();
    json.name("task_id").value(Long.toString(event.transferId()));
    json.name("state").value(state(event));
    json.name("kind").value(event.kind().word());
    json.name("operation").value(event.operation());
    json.name("name").value(event.name());
    json.name("parent_id").value(event.parentId() != 0 ? Long.toString(event.parentId()) : null);
    json.name("progress");
    progress(json, event);
    json.name("started_at").value(event.startTime());
    json.name("updated_at").value(event.time());
    json.name("finished_at").value(event.status().isFinal() ? event.time() : null);
    json.name("error");
    error(json, event);
    json.name("step").value(event.step().orElse(null));
    json.name("message").value(event.message().orElse(null));
    json.name("attributes").value(event.attributes());
    if (event.kind() == Kind.GROUP || event.totalFiles() >= 0) {
      json.name("completed_files").value(Math.max(0, event.completedFiles()));
      json.name("total_files").value(Math.max(0, event.totalFiles()));
      json.name("files").beginArray();
      for (ProgressEvent file : files.apply(event.transferId())) {
        json.beginObject();
        json.name("task_id").value(Long.toString(file.transferId()));
        json.name("name").value(file.name());
        json.name("state").value(state(file));
        json.name("percentage");
        percentage(json, file);
        json.name("step").value(file.step().orElse(null));
        json.name("message").value(file.message().orElse(null));
        json.endObject();
      }
      json.endArray();
    }
    if (event.kind() == Kind.OPERATION) {
      stages(json, event);
    }
    return json.endObject();
  }

  private static void stages(JsonWriter json, ProgressEvent event) {
    json.name("stages").beginArray();
    for (ProgressEvent.StageState stage : event.stages()) {
      json.beginObject();
      json.name("name").value(stage.name());
      json.name("state").value(stage.status().word());
      json.name("percentage");
      if (stage.fraction() >= 0) {
        json.value(Math.floor(Math.min(1, stage.fraction()) * 10_000) / 100.0);
      } else {
        json.nullValue();
      }
      json.name("elapsed_seconds").value(stage.elapsed().toMillis() / 1000.0);
      json.name("message").value(stage.message());
      json.endObject();
    }
    json.endArray();
  }

  private static void progress(JsonWriter json, ProgressEvent event) {
    json.beginObject();
    json.name("percentage");
    percentage(json, event);
    json.name(bytesKey(event.operation())).value(event.bytes());
    json.name("total_bytes");
    if (event.isTotalKnown()) {
      json.value(event.totalBytes());
    } else {
      json.nullValue();
    }
    json.name("speed_mbps").value(Math.round(event.speed() / MIB * 100) / 100.0);
    json.name("eta_seconds");
    if (event.eta().isPresent()) {
      json.value(Math.round(event.eta().get().toMillis() / 1000.0));
    } else {
      json.nullValue();
    }
    json.endObject();
  }

  private static void percentage(JsonWriter json, ProgressEvent event) {
    long hundredths = Percent.floor(event, 100);
    if (hundredths < 0) {
      json.nullValue();
    } else {
      json.value(hundredths / 100.0);
    }
  }

  private static void error(JsonWriter json, ProgressEvent event) {
    Optional<String> type = ErrorTypes.of(event);
    if (type.isEmpty()) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("type").value(type.get());
    json.name("message").value(event.error().orElse(null));
    json.endObject();
  }

  /**
   * The key of the count: {@code downloaded_bytes}, {@code uploaded_bytes} or {@code
   * bytes_transferred}.
   */
  static String bytesKey(String operation) {
    switch (operation) {
      case "download":
        return "downloaded_bytes";
      case "upload":
        return "uploaded_bytes";
      default:
        return "bytes_transferred";
    }
  }
}
