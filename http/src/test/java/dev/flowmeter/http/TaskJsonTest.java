// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.T0;
import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of the contract: one transfer, one event of the stream. */
final class TaskJsonTest {
  private static JsonNode transfer(ProgressEvent event) throws Exception {
    return json(TaskJson.transfer(event, id -> List.of()));
  }

  @Test
  void transfer_hasTheContractsMembers() throws Exception {
    ProgressEvent event =
        event(42, "download", Status.IN_PROGRESS)
            .name("big.iso")
            .parentId(7)
            .bytes(415)
            .totalBytes(1000)
            .speed(1.25 * 1024 * 1024)
            .eta(Duration.ofSeconds(12))
            .time(T0.plusSeconds(3))
            .attributes(Map.of("user", "alice"))
            .build();
    JsonNode json = transfer(event);
    assertThat(json.get("task_id").asText()).isEqualTo("42");
    assertThat(json.get("state").asText()).isEqualTo("downloading");
    assertThat(json.get("kind").asText()).isEqualTo("transfer");
    assertThat(json.get("operation").asText()).isEqualTo("download");
    assertThat(json.get("name").asText()).isEqualTo("big.iso");
    assertThat(json.get("parent_id").asText()).isEqualTo("7");
    JsonNode progress = json.get("progress");
    assertThat(progress.get("percentage").asDouble()).isEqualTo(41.5);
    assertThat(progress.get("downloaded_bytes").asLong()).isEqualTo(415);
    assertThat(progress.get("total_bytes").asLong()).isEqualTo(1000);
    assertThat(progress.get("speed_mbps").asDouble()).isEqualTo(1.25);
    assertThat(progress.get("eta_seconds").asLong()).isEqualTo(12);
    assertThat(json.get("started_at").asText()).isEqualTo("2026-11-27T03:00:00Z");
    assertThat(json.get("updated_at").asText()).isEqualTo("2026-11-27T03:00:03Z");
    assertThat(json.get("finished_at").isNull()).isTrue();
    assertThat(json.get("error").isNull()).isTrue();
    assertThat(json.get("attributes").get("user").asText()).isEqualTo("alice");
    assertThat(json.has("files")).isFalse();
    assertThat(json.has("stages")).isFalse();
  }

  @Test
  void bytesKey_dependsOnTheOperation() throws Exception {
    assertThat(
            transfer(event(1, "upload", Status.IN_PROGRESS).bytes(5).build())
                .get("progress")
                .get("uploaded_bytes")
                .asLong())
        .isEqualTo(5);
    JsonNode copy = transfer(event(1, "copy", Status.IN_PROGRESS).bytes(6).build()).get("progress");
    assertThat(copy.get("bytes_transferred").asLong()).isEqualTo(6);
    assertThat(copy.has("downloaded_bytes")).isFalse();
  }

  @Test
  void state_usesTheProgressApiWordsByOperation() throws Exception {
    assertThat(transfer(event(1, "upload", Status.STARTING).build()).get("state").asText())
        .isEqualTo("uploading");
    assertThat(transfer(event(1, "copy", Status.IN_PROGRESS).build()).get("state").asText())
        .isEqualTo("transferring");
    assertThat(transfer(event(1, "download", Status.SAVING).build()).get("state").asText())
        .isEqualTo("processing");
    assertThat(transfer(event(1, "download", Status.PENDING).build()).get("state").asText())
        .isEqualTo("pending");
  }

  @Test
  void unknownTotal_isNullNeverAGuess() throws Exception {
    JsonNode progress =
        transfer(event(1, "download", Status.IN_PROGRESS).bytes(10).build()).get("progress");
    assertThat(progress.get("total_bytes").isNull()).isTrue();
    assertThat(progress.get("percentage").isNull()).isTrue();
    assertThat(progress.get("eta_seconds").isNull()).isTrue();
  }

  @Test
  void failedTransfer_hasTheErrorTypeOfItsException() throws Exception {
    ProgressEvent failed =
        event(3, "download", Status.FAILED)
            .error("Connection reset")
            .errorType("java.net.SocketException")
            .time(T0.plusSeconds(9))
            .build();
    JsonNode json = transfer(failed);
    assertThat(json.get("state").asText()).isEqualTo("failed");
    assertThat(json.get("error").get("type").asText()).isEqualTo("network_error");
    assertThat(json.get("error").get("message").asText()).isEqualTo("Connection reset");
    assertThat(json.get("finished_at").asText()).isEqualTo("2026-11-27T03:00:09Z");

    JsonNode event = json(TaskJson.event(failed, id -> List.of()));
    assertThat(event.get("event").asText()).isEqualTo("download.error");
    assertThat(event.get("error").get("type").asText()).isEqualTo("network_error");
  }

  @Test
  void cancelledTransfer_saysItsReason() throws Exception {
    JsonNode error =
        transfer(event(3, "upload", Status.CANCELLED).error("stopped by bob").build()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("cancelled");
    assertThat(error.get("message").asText()).isEqualTo("stopped by bob");
  }

  @Test
  void event_namesOperationAndWhat_andCarriesTheTransfer() throws Exception {
    assertThat(TaskJson.eventName(event(1, "download", Status.STARTING).build()))
        .isEqualTo("download.started");
    assertThat(TaskJson.eventName(event(1, "download", Status.STARTING).lifecycle(false).build()))
        .isEqualTo("download.progress");
    assertThat(TaskJson.eventName(event(1, "upload", Status.SAVING).build()))
        .isEqualTo("upload.processing");
    assertThat(TaskJson.eventName(event(1, "upload", Status.COMPLETED).build()))
        .isEqualTo("upload.completed");
    assertThat(TaskJson.eventName(event(1, "read", Status.CANCELLED).build()))
        .isEqualTo("read.cancelled");
    assertThat(TaskJson.eventName(event(1, "evil\nevent: x", Status.COMPLETED).build()))
        .isEqualTo("evil_event__x.completed");

    JsonNode json =
        json(
            TaskJson.event(
                event(42, "download", Status.IN_PROGRESS).bytes(3).build(), id -> List.of()));
    assertThat(json.get("event").asText()).isEqualTo("download.progress");
    assertThat(json.get("task_id").asText()).isEqualTo("42");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-27T03:00:00Z");
    assertThat(json.get("progress").get("downloaded_bytes").asLong()).isEqualTo(3);
    assertThat(json.get("transfer").get("task_id").asText()).isEqualTo("42");
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void group_hasItsFilesAndCounts() throws Exception {
    ProgressEvent group =
        event(10, "upload", Status.IN_PROGRESS).kind(Kind.GROUP).files(1, 2).build();
    ProgressEvent done =
        event(11, "upload", Status.COMPLETED).kind(Kind.FILE).parentId(10).step("done").build();
    ProgressEvent next =
        event(12, "upload", Status.IN_PROGRESS)
            .kind(Kind.FILE)
            .parentId(10)
            .bytes(1)
            .totalBytes(4)
            .message("<img src=x>")
            .build();
    JsonNode json =
        json(TaskJson.transfer(group, id -> id == 10 ? List.of(done, next) : List.of()));
    assertThat(json.get("completed_files").asInt()).isEqualTo(1);
    assertThat(json.get("total_files").asInt()).isEqualTo(2);
    JsonNode files = json.get("files");
    assertThat(files).hasSize(2);
    assertThat(files.get(0).get("task_id").asText()).isEqualTo("11");
    assertThat(files.get(0).get("state").asText()).isEqualTo("completed");
    assertThat(files.get(0).get("step").asText()).isEqualTo("done");
    assertThat(files.get(1).get("percentage").asDouble()).isEqualTo(25.0);
    assertThat(files.get(1).get("message").asText()).isEqualTo("<img src=x>");
  }

  @Test
  void operation_hasItsStages() throws Exception {
    ProgressEvent operation =
        event(20, "install", Status.IN_PROGRESS)
            .kind(Kind.OPERATION)
            .stages(
                List.of(
                    new ProgressEvent.StageState(
                        "download", Status.COMPLETED, 1, Duration.ofMillis(1200), null),
                    new ProgressEvent.StageState(
                        "unpack", Status.PENDING, -1, Duration.ZERO, null)))
            .build();
    JsonNode stages = transfer(operation).get("stages");
    assertThat(stages).hasSize(2);
    assertThat(stages.get(0).get("name").asText()).isEqualTo("download");
    assertThat(stages.get(0).get("state").asText()).isEqualTo("completed");
    assertThat(stages.get(0).get("percentage").asDouble()).isEqualTo(100.0);
    assertThat(stages.get(0).get("elapsed_seconds").asDouble()).isEqualTo(1.2);
    assertThat(stages.get(1).get("percentage").isNull()).isTrue();
  }
}
