// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.EventJson;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every file sink writes of a transfer's family (kind, step, message, file counts, stages),
 * and that a plain transfer's output is as it was.
 */
final class FamilySinksTest {
  private static final ObjectMapper mapper = new ObjectMapper();
  private static final String HOSTILE = "a\u001b[2J\"q\",\n=cmd";

  @TempDir Path dir;

  private static ProgressEvent group(int completed, int total) {
    return event(7, "photos", Status.IN_PROGRESS, false, 0, -1, 3)
        .kind(Kind.GROUP)
        .fraction(0.3)
        .files(completed, total)
        .message("1 failed")
        .build();
  }

  private static ProgressEvent file(String step, String message) {
    return event(8, "a.jpg", Status.IN_PROGRESS, false, 5, 10, 3)
        .parentId(7)
        .kind(Kind.FILE)
        .step(step)
        .message(message)
        .build();
  }

  private static ProgressEvent operation() {
    return event(9, "Installing", Status.IN_PROGRESS, false, 0, -1, 3)
        .kind(Kind.OPERATION)
        .step("Download")
        .stages(
            List.of(
                new ProgressEvent.StageState(
                    "Update", Status.COMPLETED, 1, Duration.ofMillis(5_250), null),
                new ProgressEvent.StageState(
                    "Download", Status.IN_PROGRESS, 0.4567, Duration.ofSeconds(2), null),
                new ProgressEvent.StageState(
                    "Configure", Status.PENDING, -1, Duration.ZERO, "waits \"here\"")))
        .build();
  }

  @Test
  void eventJson_ofAPlainTransfer_hasNoFamilyMembers() throws IOException {
    JsonNode node =
        mapper.readTree(
            EventJson.toJson(event(1, "x", Status.IN_PROGRESS, false, 1, 2, 1).build()));
    assertThat(node.has("kind")).isFalse();
    assertThat(node.has("step")).isFalse();
    assertThat(node.has("totalFiles")).isFalse();
    assertThat(node.has("stages")).isFalse();
  }

  @Test
  void eventJson_ofAGroup_countsItsFiles_afterAttributes() throws IOException {
    JsonNode node = mapper.readTree(EventJson.toJson(group(3, 10)));
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names.subList(names.indexOf("attributes"), names.indexOf("lifecycle")))
        .containsExactly("attributes", "kind", "step", "message", "completedFiles", "totalFiles");
    assertThat(node.get("kind").asText()).isEqualTo("group");
    assertThat(node.get("completedFiles").asInt()).isEqualTo(3);
    assertThat(node.get("totalFiles").asInt()).isEqualTo(10);
    assertThat(node.get("message").asText()).isEqualTo("1 failed");
    assertThat(node.get("step").isNull()).isTrue();
  }

  @Test
  void eventJson_ofAFile_escapesItsStepAndMessage() throws IOException {
    String json = EventJson.toJson(file(HOSTILE, HOSTILE));
    assertThat(json).doesNotContain("\n", "\u001b");
    JsonNode node = mapper.readTree(json);
    assertThat(node.get("kind").asText()).isEqualTo("file");
    assertThat(node.get("step").asText()).isEqualTo(HOSTILE);
    assertThat(node.get("message").asText()).isEqualTo(HOSTILE);
    assertThat(node.has("totalFiles")).isFalse();
  }

  @Test
  void eventJson_ofAnOperation_listsItsStages() throws IOException {
    JsonNode stages = mapper.readTree(EventJson.toJson(operation())).get("stages");
    assertThat(stages).hasSize(3);
    JsonNode download = stages.get(1);
    List<String> names = new ArrayList<>();
    download.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("name", "status", "percentage", "elapsedSeconds", "message");
    assertThat(download.get("status").asText()).isEqualTo("in_progress");
    assertThat(download.get("percentage").asDouble()).isEqualTo(45.67);
    assertThat(stages.get(0).get("elapsedSeconds").asDouble()).isEqualTo(5.25);
    assertThat(stages.get(2).get("percentage").isNull()).isTrue();
    assertThat(stages.get(2).get("message").asText()).isEqualTo("waits \"here\"");
  }

  @Test
  void jsonl_writesTheGroupsCountsAndTheFilesStep() throws IOException {
    Path out = dir.resolve("e.jsonl");
    ProgressSink sink =
        new JsonlSinkProvider()
            .create(SinkContext.builder("jsonl").argument(out.toString()).build());
    sink.onEvent(group(3, 10));
    sink.onEvent(file("processing", "virus scan"));
    sink.close();

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(mapper.readTree(lines.get(0)).get("totalFiles").asInt()).isEqualTo(10);
    assertThat(mapper.readTree(lines.get(1)).get("step").asText()).isEqualTo("processing");
  }

  @Test
  void jsonStatus_showsTheGroupsCounts() throws IOException {
    Path out = dir.resolve("status.json");
    ProgressSink sink =
        new JsonSinkProvider().create(SinkContext.builder("json").argument(out.toString()).build());
    sink.onEvent(group(3, 10));
    sink.flush();
    sink.close();

    JsonNode entry = mapper.readTree(out.toFile()).get("transfers").get(0);
    assertThat(entry.get("completedFiles").asInt()).isEqualTo(3);
    assertThat(entry.get("totalFiles").asInt()).isEqualTo(10);
  }

  @Test
  void csv_appendsTheFamilyColumnsAtTheEnd() throws IOException {
    Path out = dir.resolve("a.csv");
    String text =
        CsvSinkTest.write(
            out,
            group(3, 10),
            file(HOSTILE, "scanning, \"deep\""),
            event(1, "x", Status.IN_PROGRESS, false, 1, 2, 1).build());

    List<List<String>> rows = Rfc4180.parse(text);
    assertThat(rows.get(0).subList(8, 13))
        .containsExactly("kind", "step", "completed_files", "total_files", "message");
    assertThat(rows.get(1).subList(8, 13)).containsExactly("group", "", "3", "10", "1 failed");
    assertThat(rows.get(2).subList(8, 13))
        .containsExactly("file", "a\\u001b[2J\"q\",\n=cmd", "", "", "scanning, \"deep\"");
    assertThat(rows.get(3).subList(0, 8))
        .containsExactly(
            "2024-05-01T12:00:01Z", "upload", "x", "50.0", "1", "2", "0.00", "progress");
    assertThat(rows.get(3).subList(8, 13)).containsExactly("transfer", "", "", "", "");
    assertThat(text).doesNotContain("\u001b");
  }

  @Test
  void csv_appendingToAFileOfTheOldColumns_keepsToThem() throws IOException {
    Path out = dir.resolve("old.csv");
    Files.writeString(
        out,
        CsvSink.OLD_HEADER + "\r\n2024-05-01T12:00:00Z,upload,y,0.0,0,2,0.00,starting\r\n",
        StandardCharsets.UTF_8);

    List<List<String>> rows = Rfc4180.parse(CsvSinkTest.write(out, group(3, 10)));

    assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r).hasSize(8));
    assertThat(rows.get(2).get(7)).isEqualTo("progress");
  }

  @Test
  void log_saysHowManyFilesOfTheGroupEnded() {
    assertThat(LogSink.line(group(3, 10)))
        .isEqualTo("upload photos: 30.0%, 3 of 10 files (1 failed)");
    ProgressEvent done =
        event(7, "photos", Status.COMPLETED, true, 0, 0, 3)
            .kind(Kind.GROUP)
            .files(10, 10)
            .elapsed(Duration.ofSeconds(12))
            .build();
    assertThat(LogSink.line(done)).isEqualTo("upload photos: completed, 10 of 10 files in 12.0 s");
  }

  @Test
  void log_showsAFilesStepAndMessage_sanitized() {
    assertThat(LogSink.line(file("processing", "virus scan")))
        .endsWith(" [processing: virus scan]")
        .startsWith("upload a.jpg: 50.0%");
    assertThat(LogSink.line(file(HOSTILE, HOSTILE))).doesNotContain("\u001b", "\n");
    ProgressEvent failed =
        event(8, "b.jpg", Status.FAILED, true, 5, 10, 3)
            .kind(Kind.FILE)
            .step("error")
            .message("HTTP 507")
            .error("HTTP 507")
            .build();
    assertThat(LogSink.line(failed))
        .isEqualTo("upload b.jpg: failed after 5 B of 10 B: HTTP 507 [error]");
  }
}
