// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static dev.flowmeter.sink.TestEvents.T0;
import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonStatusSinkTest {
  private static final ObjectMapper mapper = new ObjectMapper();
  private static final Instant WRITTEN = Instant.parse("2024-05-01T13:00:00Z");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("status.json");
  }

  private ProgressSink open(SinkContext.Builder context) throws IOException {
    return new JsonSinkProvider()
        .create(
            context
                .argument(file().toString())
                .clock(Clock.fixed(WRITTEN, ZoneOffset.UTC))
                .build());
  }

  private ProgressSink open() throws IOException {
    return open(SinkContext.builder("json"));
  }

  private JsonNode read() throws IOException {
    return mapper.readTree(file().toFile());
  }

  private static List<Long> ids(JsonNode root) {
    List<Long> ids = new ArrayList<>();
    root.get("transfers").forEach(t -> ids.add(t.get("id").asLong()));
    return ids;
  }

  private static void send(ProgressSink sink, ProgressEvent... events) throws IOException {
    for (ProgressEvent e : events) {
      sink.onEvent(e);
    }
    sink.flush();
  }

  @Test
  void thousandsRunning_flushedOverAndOver_rewriteTheFileFarLessOften_butTheEndIsAlwaysWritten()
      throws IOException {
    JsonStatusSink sink = JsonStatusSink.open(file(), Duration.ofHours(1), Clock.systemUTC());
    int n = JsonStatusSink.MAX_FINISHED; // a document of megabytes
    for (int id = 1; id <= n; id++) {
      sink.onEvent(event(id, "part-" + id, Status.IN_PROGRESS, false, 1, 100, 1).build());
    }
    sink.flush();
    int before = sink.writes();
    for (int round = 2; round <= 51; round++) { // a batch and its flush, 50 times in a row
      sink.onEvent(event(1, "part-1", Status.IN_PROGRESS, false, round, 100, round).build());
      sink.flush();
    }
    // each rewrite is followed by a pause of 20 times its duration: 50 at once cannot all write
    assertThat(sink.writes() - before).isLessThan(25);
    for (int id = 1; id <= n; id++) {
      sink.onEvent(event(id, "part-" + id, Status.COMPLETED, true, 100, 100, 60).build());
    }
    sink.flush(); // nothing runs any more: no later flush is sure to come, so this one writes
    JsonNode root = read();
    assertThat(root.get("transfers")).hasSize(n);
    root.get("transfers").forEach(t -> assertThat(t.get("status").asText()).isEqualTo("completed"));
  }

  @Test
  void aWritePutOffWhileTransfersRun_isMadeAtClose() throws IOException {
    JsonStatusSink sink = JsonStatusSink.open(file(), Duration.ofHours(1), Clock.systemUTC());
    for (int id = 1; id <= JsonStatusSink.MAX_FINISHED; id++) {
      sink.onEvent(event(id, "part-" + id, Status.IN_PROGRESS, false, 1, 100, 1).build());
    }
    sink.flush();
    sink.onEvent(event(1, "part-1", Status.IN_PROGRESS, false, 77, 100, 2).build());
    sink.flush(); // just after a long write: put off
    sink.close();
    assertThat(read().get("transfers").get(0).get("bytes").asLong()).isEqualTo(77);
  }

  @Test
  void create_writesAnEmptyStatusFile() throws IOException {
    open();

    JsonNode root = read();
    assertThat(root.get("updated").asText()).isEqualTo("2024-05-01T13:00:00Z");
    assertThat(root.get("transfers").isArray()).isTrue();
    assertThat(root.get("transfers")).isEmpty();
  }

  @Test
  void transfer_hasEveryDocumentedField() throws IOException {
    ProgressSink sink = open();
    send(
        sink,
        event(7, "report \"q1\".pdf", Status.IN_PROGRESS, false, 6_300_000, 15_000_000, 3)
            .parentId(2)
            .speed(2_100_000)
            .averageSpeed(2_000_000)
            .eta(Duration.ofSeconds(4))
            .attributes(Map.of("user", "u-1"))
            .build());

    JsonNode t = read().get("transfers").get(0);
    assertThat(t.get("id").asLong()).isEqualTo(7);
    assertThat(t.get("parentId").asLong()).isEqualTo(2);
    assertThat(t.get("name").asText()).isEqualTo("report \"q1\".pdf");
    assertThat(t.get("operation").asText()).isEqualTo("upload");
    assertThat(t.get("status").asText()).isEqualTo("in_progress");
    assertThat(t.get("percentage").asDouble()).isEqualTo(42.0);
    assertThat(t.get("bytes").asLong()).isEqualTo(6_300_000);
    assertThat(t.get("totalBytes").asLong()).isEqualTo(15_000_000);
    assertThat(t.get("speed").asDouble()).isEqualTo(2_100_000.0);
    assertThat(t.get("startTime").asText()).isEqualTo(T0.toString());
    assertThat(t.get("lastUpdate").asText()).isEqualTo("2024-05-01T12:00:03Z");
    assertThat(t.get("estimatedCompletion").asText()).isEqualTo("2024-05-01T12:00:07Z");
    assertThat(t.get("error").isNull()).isTrue();
    assertThat(t.get("attributes").get("user").asText()).isEqualTo("u-1");
  }

  @Test
  void unknownValues_areNull() throws IOException {
    ProgressSink sink = open();
    send(sink, event(1, "stream", Status.IN_PROGRESS, false, 10, -1, 1).speed(Double.NaN).build());

    JsonNode t = read().get("transfers").get(0);
    for (String field :
        List.of("percentage", "totalBytes", "estimatedCompletion", "parentId", "speed")) {
      assertThat(t.get(field).isNull()).as(field).isTrue();
    }
  }

  @Test
  void allTransfers_areListedWithTheirLatestState() throws IOException {
    ProgressSink sink = open();
    send(
        sink,
        event(1, "a", Status.STARTING, true, 0, 10, 0).build(),
        event(2, "b", Status.STARTING, true, 0, 10, 0).build(),
        event(1, "a", Status.IN_PROGRESS, false, 5, 10, 1).build());
    send(sink, event(2, "b", Status.FAILED, true, 3, 10, 2).error("disk full").build());

    JsonNode transfers = read().get("transfers");
    assertThat(ids(read())).containsExactly(1L, 2L);
    assertThat(transfers.get(0).get("bytes").asLong()).isEqualTo(5);
    assertThat(transfers.get(1).get("status").asText()).isEqualTo("failed");
    assertThat(transfers.get(1).get("error").asText()).isEqualTo("disk full");
  }

  @Test
  void finishedTransfer_leavesAfterKeep() throws IOException {
    ProgressSink sink = open(SinkContext.builder("json").option("keep", "30s"));
    send(sink, event(1, "done", Status.COMPLETED, true, 10, 10, 0).build());
    send(sink, event(2, "running", Status.IN_PROGRESS, false, 1, 10, 29).build());
    assertThat(ids(read())).containsExactly(1L, 2L);

    send(sink, event(2, "running", Status.IN_PROGRESS, false, 2, 10, 30).build());
    assertThat(ids(read())).containsExactly(2L);
  }

  @Test
  void keep_defaultsToOneMinute() throws IOException {
    ProgressSink sink = open();
    send(sink, event(1, "done", Status.CANCELLED, true, 1, 10, 0).build());
    send(sink, event(2, "running", Status.IN_PROGRESS, false, 1, 10, 59).build());
    assertThat(ids(read())).containsExactly(1L, 2L);

    send(sink, event(2, "running", Status.IN_PROGRESS, false, 1, 10, 60).build());
    assertThat(ids(read())).containsExactly(2L);
  }

  @Test
  void malformedKeep_isAConfigExceptionNamingTheKey() {
    assertThatThrownBy(() -> open(SinkContext.builder("json").option("keep", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.json.keep")
        .hasMessageContaining("soon");
  }

  @Test
  void flush_withoutChange_doesNotRewrite() throws IOException {
    ProgressSink sink = open();
    send(sink, event(1, "a", Status.STARTING, true, 0, 10, 0).build());
    Files.delete(file());

    sink.flush();
    assertThat(file()).doesNotExist();

    send(sink, event(1, "a", Status.IN_PROGRESS, false, 1, 10, 1).build());
    assertThat(file()).exists();
  }

  @Test
  void staleProgressAfterFinal_isIgnored() throws IOException {
    ProgressSink sink = open();
    send(sink, event(1, "a", Status.COMPLETED, true, 10, 10, 2).build());
    send(sink, event(1, "a", Status.IN_PROGRESS, false, 5, 10, 1).build());

    assertThat(read().get("transfers").get(0).get("status").asText()).isEqualTo("completed");
  }

  @Test
  void writes_leaveNoTemporaryFiles() throws IOException {
    ProgressSink sink = open();
    for (int i = 0; i < 20; i++) {
      send(sink, event(1, "a", Status.IN_PROGRESS, false, i, 100, i).build());
    }
    sink.close();

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file());
    }
  }

  @Test
  void reader_neverSeesInvalidJson() throws Exception {
    ProgressSink sink = open();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    AtomicInteger reads = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    List<String> invalid = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              while (!done.get() && reads.get() < 1_000_000 && System.nanoTime() < deadline) {
                try {
                  byte[] bytes = Files.readAllBytes(file());
                  try {
                    JsonNode root = mapper.readTree(bytes);
                    if (root == null || !root.has("transfers")) {
                      invalid.add(new String(bytes, StandardCharsets.UTF_8));
                    }
                  } catch (IOException e) {
                    invalid.add(new String(bytes, StandardCharsets.UTF_8));
                  }
                } catch (IOException e) {
                  invalid.add("unreadable: " + e);
                }
                reads.incrementAndGet();
              }
            },
            "json-reader");
    reader.start();
    // many names make the document large enough for a torn write to be likely without the rename
    int updates = 0;
    while ((reads.get() < 500 || updates < 200)
        && updates < 20_000
        && System.nanoTime() < deadline) {
      for (int id = 1; id <= 20; id++) {
        sink.onEvent(
            event(
                    id,
                    "file-" + id + "-" + "x".repeat(200),
                    Status.IN_PROGRESS,
                    false,
                    updates,
                    1_000_000,
                    updates)
                .build());
      }
      sink.flush();
      updates++;
    }
    done.set(true);
    reader.join(Duration.ofSeconds(20).toMillis());

    assertThat(reader.isAlive()).isFalse();
    assertThat(reads.get()).isPositive();
    assertThat(invalid).isEmpty();
    assertThat(read().get("transfers")).hasSize(20);
  }

  @Test
  void directoryAsPath_isAnIOException() throws IOException {
    Files.createDirectory(file());

    assertThatThrownBy(this::open).isInstanceOf(IOException.class);
    assertThat(file()).isDirectory();
  }

  @Test
  void symbolicLink_isFollowed_itsTargetReplaced_andTheLinkStays() throws IOException {
    Path target = Files.writeString(dir.resolve("real.json"), "old");
    Files.createSymbolicLink(file(), Path.of("real.json")); // relative, as people write them

    send(open(), event(1, "a", Status.IN_PROGRESS, false, 1, 10, 1).build());

    assertThat(Files.isSymbolicLink(file())).isTrue();
    assertThat(Files.readSymbolicLink(file())).isEqualTo(Path.of("real.json"));
    assertThat(ids(mapper.readTree(target.toFile()))).containsExactly(1L);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(file(), target); // no temporary file left
    }
  }

  @Test
  void linkToADevice_isRefusedWithTheReason_andLeftAlone() throws IOException {
    Path device = Path.of("/dev/null");
    assumeTrue(Files.exists(device) && !Files.isRegularFile(device), "needs /dev/null");
    Files.createSymbolicLink(file(), device);

    assertThatThrownBy(this::open)
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(
            file()
                + " is a link to a character device, not a regular file, and is not replaced"
                + " (accepted: a regular file, a symbolic link to one, or a path that does not"
                + " exist yet)");
    assertThat(Files.readSymbolicLink(file())).isEqualTo(device);
  }

  @Test
  void namedPipe_isRefused_andLeftAlone() throws Exception {
    assumeTrue(mkfifo(file()), "needs mkfifo");

    assertThatThrownBy(this::open).hasMessageContaining(file() + " is a named pipe");
    assertThat(Files.isRegularFile(file())).isFalse();
    assertThat(Files.exists(file())).isTrue();
  }

  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void failedWrite_keepsEveryTransfer_forTheNextFlush() throws IOException {
    ProgressSink sink = open();
    send(sink, event(1, "a", Status.IN_PROGRESS, false, 1, 10, 1).build());
    Files.delete(file());
    Files.createDirectory(file()); // the file cannot be replaced for a while

    sink.onEvent(event(2, "b", Status.STARTING, true, 0, 10, 2).build());
    assertThatThrownBy(sink::flush).hasMessageContaining(file() + " is a directory");
    Files.delete(file());
    sink.flush();

    assertThat(ids(read())).containsExactly(1L, 2L);
  }

  @Test
  void missingArgument_isAConfigException() {
    assertThatThrownBy(() -> new JsonSinkProvider().create(SinkContext.builder("json").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sinks")
        .hasMessageContaining("json:<path>");
  }

  @Test
  void missingDirectories_areCreated() throws IOException {
    Path nested = dir.resolve("a/b/status.json");
    new JsonSinkProvider().create(SinkContext.builder("json").argument(nested.toString()).build());

    assertThat(mapper.readTree(nested.toFile()).get("transfers").isArray()).isTrue();
  }
}
