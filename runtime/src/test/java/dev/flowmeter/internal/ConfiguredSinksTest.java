// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying a configuration again ({@code Flowmeter.configure()} called twice, or after the first
 * transfer) keeps the sinks that did not change, replaces those that did, stops those no longer
 * named, and starts again those that are not running, reporting each failure every time.
 */
final class ConfiguredSinksTest {
  @TempDir Path dir;

  private final List<ConfigException> problems = new ArrayList<>();
  private final Tracker tracker =
      new Tracker(Tracker.Settings.defaults(), System::nanoTime, Clock.systemUTC(), false);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  /** Applies {@code properties} as {@code configure()} does; returns the problems it found. */
  private List<String> apply(Map<String, String> properties) {
    problems.clear();
    tracker.startSinks(Config.load(properties, Map.of(), Config.Problems.into(problems)));
    return problems.stream().map(Throwable::getMessage).toList();
  }

  /** A quiet sink named {@code name}, recording into a file of its own. */
  private String recorder(String name) {
    return name + "=test-record:" + dir.resolve(name + ".txt");
  }

  private List<String> names() {
    return tracker.sinks().stream().map(SinkDispatcher::name).toList();
  }

  private void runOneTransfer() {
    Transfer transfer = tracker.builder().name("a.bin").totalBytes(10).start();
    transfer.advance(10);
    transfer.complete();
    assertThat(tracker.flush(10_000)).isTrue();
  }

  @Test
  void sameConfigurationTwice_theRunningSinksAreKept() throws IOException {
    Path record = dir.resolve("record.txt");
    Map<String, String> properties =
        Map.of("flowmeter.sinks", recorder("other") + ",test-record:" + record);

    assertThat(apply(properties)).isEmpty();
    List<SinkDispatcher> first = List.copyOf(tracker.sinks());
    runOneTransfer();
    assertThat(apply(properties)).isEmpty();
    runOneTransfer();

    assertThat(tracker.sinks()).containsExactlyElementsOf(first);
    assertThat(Files.readAllLines(record))
        .containsExactly(
            "1 starting 0 -", "1 completed 10 -", "2 starting 0 -", "2 completed 10 -");
  }

  @Test
  void sinkThatCannotStart_reportedEveryTime_untilItStarts() throws IOException {
    Path notADirectory = Files.createFile(dir.resolve("plain"));
    String bad = "test-record:" + notADirectory.resolve("record.txt");

    String other = recorder("other");
    for (int i = 0; i < 2; i++) {
      assertThat(apply(Map.of("flowmeter.sinks", other + "," + bad)))
          .singleElement()
          .asString()
          .startsWith("flowmeter.sinks: '" + bad + "' cannot be opened");
      assertThat(names()).containsExactly("other");
    }

    Path record = dir.resolve("record.txt");
    assertThat(apply(Map.of("flowmeter.sinks", other + ",test-record:" + record))).isEmpty();
    runOneTransfer();
    assertThat(names()).containsExactly("other", "test-record");
    assertThat(Files.readAllLines(record)).containsExactly("1 starting 0 -", "1 completed 10 -");
  }

  @Test
  void changedOption_thatSinkReplaced_removedSink_stopped() throws IOException {
    Path record = dir.resolve("record.txt");
    String sinks = recorder("other") + ",rec=test-record:" + record;
    apply(Map.of("flowmeter.sinks", sinks));
    SinkDispatcher other = tracker.sinks().get(0);
    SinkDispatcher rec = tracker.sinks().get(1);
    runOneTransfer();

    apply(Map.of("flowmeter.sinks", sinks, "flowmeter.sink.rec.interval", "2s"));
    assertThat(tracker.sinks().get(0)).isSameAs(other);
    assertThat(tracker.sinks().get(1)).isNotSameAs(rec);
    assertThat(rec.awaitStopped(System.nanoTime())).as("the replaced sink stopped").isTrue();
    runOneTransfer();

    apply(Map.of("flowmeter.sinks", recorder("other")));
    assertThat(tracker.sinks()).containsExactly(other);
    runOneTransfer();
    assertThat(Files.readAllLines(record))
        .containsExactly(
            "1 starting 0 -", "1 completed 10 -", "2 starting 0 -", "2 completed 10 -");
    assertThat(problems).isEmpty();
  }

  /** A sink's dispatcher is made with the failure rules: changing them makes the sink anew. */
  @Test
  void failureRules_partOfTheIdentity() {
    Config config = new Config(Map.of(), Map.of(), Map.of());
    assertThat(config.sinkIdentity(spec("log"), settings(7)))
        .isNotEqualTo(config.sinkIdentity(spec("log"), settings(5)))
        .isEqualTo(config.sinkIdentity(spec("log"), settings(7)));
  }

  @Test
  void sinkOptionsFromEverySource_partOfTheIdentity_othersNot() {
    Config.SinkSpec alerts = new Config.SinkSpec("alerts", "jsonl", "/tmp/a");
    Tracker.Settings settings = settings(5);
    Map<String, List<Object>> identities = new HashMap<>();
    identities.put("none", new Config(Map.of(), Map.of(), Map.of()).sinkIdentity(alerts, settings));
    identities.put(
        "other sink's option",
        new Config(Map.of("flowmeter.sink.log.level", "DEBUG"), Map.of(), Map.of())
            .sinkIdentity(alerts, settings));
    assertThat(identities.get("other sink's option")).isEqualTo(identities.get("none"));
    for (Config config :
        List.of(
            new Config(Map.of("flowmeter.sink.alerts.interval", "2s"), Map.of(), Map.of()),
            new Config(Map.of(), Map.of("FLOWMETER_SINK_JSONL_INTERVAL", "2s"), Map.of()),
            new Config(Map.of(), Map.of(), Map.of("flowmeter.sink.jsonl.interval", "2s")))) {
      assertThat(config.sinkIdentity(alerts, settings)).isNotEqualTo(identities.get("none"));
    }
  }

  @Test
  void sinksAddedInCode_areLeftAlone() {
    ProgressSink mine = (ProgressEvent event) -> {};
    assertThat(tracker.addSink("mine", mine, Duration.ZERO)).isTrue();
    apply(Map.of("flowmeter.sinks", recorder("other")));
    apply(Map.of("flowmeter.sinks", "none"));
    assertThat(names()).containsExactly("mine");
    assertThat(tracker.hasSink(mine)).isTrue();
  }

  private static Config.SinkSpec spec(String kind) {
    return new Config.SinkSpec(kind, kind, null);
  }

  private static Tracker.Settings settings(int sinkFailures) {
    Tracker.Settings d = Tracker.Settings.defaults();
    return new Tracker.Settings(
        d.interval, d.smoothing, d.retention, d.retentionCount, d.shutdownTimeout, sinkFailures);
  }
}
