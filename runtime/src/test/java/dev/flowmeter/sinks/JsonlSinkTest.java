// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.LineFile;
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
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonlSinkTest {
  private static final ObjectMapper mapper = new ObjectMapper();

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("events.jsonl");
  }

  private List<JsonNode> write(ProgressEvent... events) throws IOException {
    ProgressSink sink =
        new JsonlSinkProvider()
            .create(SinkContext.builder("jsonl").argument(file().toString()).build());
    for (ProgressEvent e : events) {
      sink.onEvent(e);
    }
    sink.flush();
    sink.close();
    return lines();
  }

  private List<JsonNode> lines() throws IOException {
    String text = Files.readString(file(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        JsonNode node = mapper.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        nodes.add(node);
      }
    }
    return nodes;
  }

  @Test
  void eachEvent_isOneValidObjectPerLine() throws IOException {
    List<JsonNode> lines =
        write(
            event(1, "a\nb\r\"c\"\u001b[31m", Status.STARTING, true, 0, 10, 0).build(),
            event(1, "a\nb\r\"c\"\u001b[31m", Status.IN_PROGRESS, false, 5, 10, 1).build(),
            event(1, "a\nb\r\"c\"\u001b[31m", Status.COMPLETED, true, 10, 10, 2).build());

    assertThat(lines).hasSize(3);
    assertThat(lines).extracting(n -> n.get("name").asText()).containsOnly("a\nb\r\"c\"\u001b[31m");
    assertThat(lines)
        .extracting(n -> n.get("status").asText())
        .containsExactly("starting", "in_progress", "completed");
    assertThat(lines)
        .extracting(n -> n.get("lifecycle").asBoolean())
        .containsExactly(true, false, true);
    assertThat(lines)
        .extracting(n -> n.get("final").asBoolean())
        .containsExactly(false, false, true);
  }

  @Test
  void line_carriesEveryEventField() throws IOException {
    JsonNode n =
        write(
                event(3, "x.bin", Status.FAILED, true, 6, 12, 5)
                    .parentId(1)
                    .unit(Unit.ITEMS)
                    .speed(1.5)
                    .averageSpeed(1.25)
                    .elapsed(Duration.ofMillis(5500))
                    .error("boom")
                    .attributes(Map.of("tenant", "t1"))
                    .build())
            .get(0);

    assertThat(n.get("time").asText()).isEqualTo("2024-05-01T12:00:05Z");
    assertThat(n.get("id").asLong()).isEqualTo(3);
    assertThat(n.get("parentId").asLong()).isEqualTo(1);
    assertThat(n.get("operation").asText()).isEqualTo("upload");
    assertThat(n.get("unit").asText()).isEqualTo("items");
    assertThat(n.get("bytes").asLong()).isEqualTo(6);
    assertThat(n.get("totalBytes").asLong()).isEqualTo(12);
    assertThat(n.get("percentage").asDouble()).isEqualTo(50.0);
    assertThat(n.get("speed").asDouble()).isEqualTo(1.5);
    assertThat(n.get("averageSpeed").asDouble()).isEqualTo(1.25);
    assertThat(n.get("elapsedSeconds").asDouble()).isEqualTo(5.5);
    assertThat(n.get("startTime").asText()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(n.get("error").asText()).isEqualTo("boom");
    assertThat(n.get("attributes").get("tenant").asText()).isEqualTo("t1");
    assertThat(n.get("etaSeconds").isNull()).isTrue();
    assertThat(n.get("estimatedCompletion").isNull()).isTrue();
  }

  @Test
  void unknownTotal_isNull() throws IOException {
    JsonNode n = write(event(1, "s", Status.IN_PROGRESS, false, 5, -1, 1).build()).get(0);

    assertThat(n.get("totalBytes").isNull()).isTrue();
    assertThat(n.get("percentage").isNull()).isTrue();
  }

  @Test
  void secondSink_appends() throws IOException {
    write(event(1, "first", Status.STARTING, true, 0, 10, 0).build());
    List<JsonNode> lines = write(event(2, "second", Status.STARTING, true, 0, 10, 0).build());

    assertThat(lines).extracting(n -> n.get("name").asText()).containsExactly("first", "second");
  }

  @Test
  void loneSurrogateInName_staysValidJson() throws IOException {
    JsonNode n = write(event(1, "bad\ud800name", Status.STARTING, true, 0, 10, 0).build()).get(0);

    assertThat(n.get("name").asText()).isEqualTo("bad\ud800name");
  }

  @Test
  void missingArgument_isAConfigException() {
    assertThatThrownBy(() -> new JsonlSinkProvider().create(SinkContext.builder("jsonl").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sinks")
        .hasMessageContaining("jsonl:<path>");
  }

  @Test
  void directoryAsPath_isAnIOException() {
    assertThatThrownBy(
            () ->
                new JsonlSinkProvider()
                    .create(SinkContext.builder("jsonl").argument(dir.toString()).build()))
        .isInstanceOf(IOException.class);
  }

  private static ProgressEvent[] events(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> event(i, "file-" + i + ".bin", Status.COMPLETED, true, 10, 10, i).build())
        .toArray(ProgressEvent[]::new);
  }

  @Test
  void fullDisk_failsTheFlushOnceWithTheFileAndTheCause_andNeverOnEvent() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    ProgressSink sink =
        new JsonlSinkProvider()
            .create(SinkContext.builder("jsonl").argument(full.toString()).build());

    for (ProgressEvent e : events(1, 200)) { // some 80 KB: more than any buffer
      sink.onEvent(e);
    }

    assertThatThrownBy(sink::flush)
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write to /dev/full: No space left on device (")
        .hasMessageNotContaining("\n")
        .satisfies(e -> assertThat(e.getCause()).hasNoCause());
    assertThatThrownBy(sink::close).isInstanceOf(IOException.class);
  }

  @Test
  void fullDisk_neverLeavesAHalfRow_andTheRowsComeWhenThereIsSpaceAgain() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 1_000);
    ProgressSink sink = new JsonlSink(new LineFile(file(), disk));
    for (ProgressEvent e : events(1, 10)) {
      sink.onEvent(e);
    }
    assertThatThrownBy(sink::flush).hasMessageContaining("No space left on device");
    assertThat(lines()).isNotEmpty().hasSizeLessThan(10); // what fit, in whole rows

    disk.capacity(Long.MAX_VALUE);
    for (ProgressEvent e : events(11, 5)) {
      sink.onEvent(e);
    }
    sink.flush();
    sink.close();

    assertThat(lines())
        .extracting(n -> n.get("id").asLong())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
  }

  @Test
  void line_isTheEventAsEventJsonSpellsIt() throws IOException {
    ProgressEvent event =
        event(7, "x", Status.IN_PROGRESS, false, 5, 10, 3).eta(Duration.ofSeconds(2)).build();

    write(event);

    assertThat(Files.readString(file(), StandardCharsets.UTF_8))
        .isEqualTo(EventJson.toJson(event) + "\n");
  }
}
