// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracker's own bookkeeping: ids, running and finished transfers, eviction, shutdown. */
final class TrackerTest {
  private final ManualTime time = new ManualTime();
  private Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private Tracker withRetention(Duration retention, int count) {
    tracker.shutdown();
    tracker =
        time.tracker(
            new Tracker.Settings(
                Duration.ofMillis(100), 0.5, retention, count, Duration.ofSeconds(2), 5));
    return tracker;
  }

  @Test
  void create_givesIncreasingIds_andKeepsRunningTransfersActive() {
    Transfer a = tracker.builder().name("a").start();
    Transfer b = tracker.builder().name("b").pending();
    assertThat(b.id()).isEqualTo(a.id() + 1);
    assertThat(tracker.activeCount()).isEqualTo(2);
    assertThat(tracker.find(a.id())).isSameAs(a);
    assertThat(tracker.find(12345)).isNull();
  }

  @Test
  void finished_movesFromActiveToFinished_andSnapshotsAreOldestFirst() {
    Transfer a = tracker.builder().name("a").start();
    Transfer b = tracker.builder().name("b").start();
    b.complete();
    assertThat(tracker.activeCount()).isEqualTo(1);
    assertThat(tracker.finishedCount()).isEqualTo(1);
    assertThat(tracker.find(b.id())).isSameAs(b);
    List<ProgressEvent> all = tracker.snapshots();
    assertThat(all).extracting(ProgressEvent::name).containsExactly("a", "b");
    assertThat(all.get(1).status()).isEqualTo(Status.COMPLETED);
    a.cancel();
  }

  @Test
  void eviction_byCount_keepsTheNewest() {
    withRetention(Duration.ofHours(1), 2);
    for (int i = 0; i < 5; i++) {
      tracker.builder().name("t" + i).start().complete();
    }
    assertThat(tracker.finishedCount()).isEqualTo(2);
    assertThat(tracker.snapshots()).extracting(ProgressEvent::name).containsExactly("t3", "t4");
  }

  @Test
  void eviction_byAge_onTheNextSample() {
    withRetention(Duration.ofSeconds(10), 1000);
    Transfer old = tracker.builder().name("old").start();
    old.complete();
    time.advance(Duration.ofSeconds(5));
    Transfer young = tracker.builder().name("young").start();
    young.complete();
    time.advance(Duration.ofSeconds(6)); // old ended 11 s ago, young 6 s ago
    tracker.sample();
    assertThat(tracker.find(old.id())).isNull();
    assertThat(tracker.find(young.id())).isSameAs(young);
  }

  @Test
  void memory_doesNotGrowWithFinishedTransfers() {
    withRetention(Duration.ofHours(1), 100);
    for (int i = 0; i < 10_000; i++) {
      tracker.builder().name("t").start().complete();
    }
    assertThat(tracker.activeCount()).isZero();
    assertThat(tracker.finishedCount()).isEqualTo(100);
  }

  @Test
  void shutdown_cancelsWhatRuns_onceOnly() {
    Transfer running = tracker.builder().name("r").start();
    Transfer done = tracker.builder().name("d").start();
    done.complete();
    tracker.shutdown();
    tracker.shutdown();
    assertThat(tracker.isShutDown()).isTrue();
    assertThat(running.status()).isEqualTo(Status.CANCELLED);
    assertThat(running.snapshot().error()).contains("JVM shutting down");
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void create_cutsAHugeNameAndOperation_whicheverPathNamedIt() {
    String huge = "x".repeat(5_000_000);
    Transfer t = tracker.builder().operation(huge).name(huge).start();

    assertThat(t.snapshot().name()).hasSize(Text.MAX_NAME_LENGTH).endsWith("\u2026");
    assertThat(t.snapshot().operation()).hasSize(Text.MAX_NAME_LENGTH);
  }

  @Test
  void create_boundsAttributes_countKeysAndValues_saidOnceNamingTheTransfer() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      Map<String, String> many = new LinkedHashMap<>();
      for (int i = 0; i < 100_000; i++) {
        many.put("k" + i, "v");
      }
      many.put("x".repeat(5_000), "y".repeat(5_000_000));
      Transfer t = tracker.builder().name("flood").attributes(many).start();
      tracker.builder().name("again").attributes(many).start();

      Map<String, String> kept = t.snapshot().attributes();
      assertThat(kept).hasSize(Text.MAX_ATTRIBUTES).containsEntry("k0", "v").containsKey("k63");
      assertThat(said.lines())
          .singleElement()
          .asString()
          .contains("'flood'", "100001 attributes", "first 64");

      Transfer long1 =
          tracker.builder().attribute("x".repeat(5_000), "y".repeat(5_000_000)).start();
      Map.Entry<String, String> cut = long1.snapshot().attributes().entrySet().iterator().next();
      assertThat(cut.getKey()).hasSize(Text.MAX_NAME_LENGTH).endsWith("\u2026");
      assertThat(cut.getValue()).hasSize(Text.MAX_NAME_LENGTH).endsWith("\u2026");
      assertThat(said.lines()).hasSize(1); // cutting is silent, as for names
    }
  }

  @Test
  void create_attributesWithinBounds_keptAsGiven() {
    Map<String, String> fits = new LinkedHashMap<>();
    for (int i = 0; i < Text.MAX_ATTRIBUTES; i++) {
      fits.put("k" + i, "v".repeat(Text.MAX_NAME_LENGTH));
    }
    assertThat(tracker.builder().attributes(fits).start().snapshot().attributes()).isEqualTo(fits);
  }

  @Test
  void create_keepsANameThatFits_andNeverCutsACharacterInTwo() {
    String fits = "y".repeat(Text.MAX_NAME_LENGTH);
    assertThat(tracker.builder().name(fits).start().snapshot().name()).isEqualTo(fits);

    String pairs = "\uD83D\uDE00".repeat(Text.MAX_NAME_LENGTH);
    String cut = tracker.builder().name(pairs).start().snapshot().name();
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
  }

  @Test
  void sinkBacklog_defaultFromTheHeap_valueWithinItsRange_elseReportedAndDefault() {
    long above = Runtime.getRuntime().maxMemory() - 32L * 1024 * 1024;
    assertThat(Tracker.Settings.defaults().sinkBacklog)
        .isEqualTo((int) Math.max(1_000, Math.min(above / 1024, 10_000_000)));
    List<ConfigException> problems = new ArrayList<>();
    Config.Problems into = Config.Problems.into(problems);
    assertThat(
            Tracker.Settings.from(
                    Config.load(Map.of("flowmeter.sink-backlog", "5000"), Map.of(), into))
                .sinkBacklog)
        .isEqualTo(5000);
    assertThat(
            Tracker.Settings.from(
                    Config.load(Map.of("flowmeter.sink-backlog", "10"), Map.of(), into))
                .sinkBacklog)
        .isEqualTo(Tracker.Settings.defaultSinkBacklog());
    assertThat(problems)
        .extracting(Throwable::getMessage)
        .containsExactly(
            "flowmeter.sink-backlog: '10' is not a whole number from 1000 to 100000000");
  }
}
