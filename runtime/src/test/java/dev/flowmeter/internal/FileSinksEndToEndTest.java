// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sinks created from configuration by {@link Sinks}, fed by a real {@link Tracker}. */
final class FileSinksEndToEndTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir Path dir;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Tracker tracker =
      new Tracker(Tracker.Settings.defaults(), nanos::get, Clock.fixed(NOW, ZoneOffset.UTC), false);
  private final PrintStream quiet =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private static Config config(String sinks) {
    return new Config(Map.of("flowmeter.sinks", sinks), Map.of(), Map.of());
  }

  private void install(String sinks) {
    for (SinkDispatcher dispatcher :
        Sinks.create(
            config(sinks),
            Tracker.Settings.defaults(),
            quiet,
            quiet,
            false,
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      tracker.addSink(dispatcher);
    }
  }

  private void runOneTransfer() {
    Transfer transfer =
        tracker
            .builder()
            .operation("upload")
            .name("q1, \"final\".csv")
            .totalBytes(10_000_000)
            .start();
    transfer.advance(4_000_000);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    tracker.sample();
    transfer.advance(6_000_000);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    transfer.complete();
    assertThat(tracker.flush(10_000)).isTrue();
  }

  @Test
  void csv_fromConfiguration_writesStartProgressAndCompletionRows() throws IOException {
    Path csv = dir.resolve("out/progress.csv");
    install("csv:" + csv);

    runOneTransfer();

    String text = Files.readString(csv, StandardCharsets.UTF_8);
    List<String> lines = Arrays.asList(text.split("\r\n", -1));
    assertThat(lines)
        .containsExactly(
            "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status,"
                + "kind,step,completed_files,total_files,message,source,direction",
            "2024-05-01T12:00:00Z,upload,\"q1, \"\"final\"\".csv\",0.0,0,10000000,0.00,starting,transfer,,,,,api,write",
            "2024-05-01T12:00:00Z,upload,\"q1, \"\"final\"\".csv\",40.0,4000000,10000000,4.00,progress,transfer,,,,,api,write",
            "2024-05-01T12:00:00Z,upload,\"q1, \"\"final\"\".csv\",100.0,10000000,10000000,5.00,completed,transfer,,,,,api,write",
            "");
  }

  @Test
  void jsonAndJsonl_fromConfiguration_recordTheTransfer() throws IOException {
    Path json = dir.resolve("status.json");
    Path jsonl = dir.resolve("events.jsonl");
    install("json:" + json + ",jsonl:" + jsonl);

    runOneTransfer();

    assertThat(Files.readString(json))
        .contains("\"status\":\"completed\"")
        .contains("\"bytes\":10000000");
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(
            lines.stream()
                .map(l -> l.replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"))
                .collect(Collectors.toList()))
        .containsExactly("starting", "in_progress", "completed");
  }

  /** What {@link Sinks#create} reports for {@code sinks}, which it skips instead of throwing. */
  private List<ConfigException> problems(String sinks) {
    List<ConfigException> problems = new ArrayList<>();
    Config config =
        Config.load(Map.of("flowmeter.sinks", sinks), Map.of(), Config.Problems.into(problems));
    assertThat(
            Sinks.create(
                config, Tracker.Settings.defaults(), quiet, quiet, false, Clock.systemUTC()))
        .isEmpty();
    return problems;
  }

  @Test
  void missingArgument_namesTheKeyAndTheUsage() {
    List<ConfigException> found = problems("csv");
    assertThat(found).hasSize(1);
    assertThat(found.get(0))
        .hasMessage("flowmeter.sinks: 'csv' needs an argument (accepted: csv:<path>)");
  }

  @Test
  void unopenablePath_namesTheKeyAndTheValue() throws IOException {
    Path blocker = Files.createFile(dir.resolve("plain-file"));
    String spec = "csv:" + blocker.resolve("x.csv");

    assertThat(problems(spec))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .hasMessageStartingWith("flowmeter.sinks: '" + spec + "' cannot be opened")
                    .hasCauseInstanceOf(IOException.class));
  }

  @Test
  void everyFileSink_isFoundByName() {
    assertThat(Sinks.providers()).containsKeys("csv", "json", "jsonl", "log");
  }
}
