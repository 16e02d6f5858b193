// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Operation;
import dev.flowmeter.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operation's ETA: the running stage's rest plus what earlier runs say of the stages to come.
 */
final class OperationHistoryTest {
  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();

  @TempDir Path dir;

  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private Path file() {
    return dir.resolve("history.tsv");
  }

  /** One run of a three-stage install on the manual clock: 5 s, 80 s, 15 s. */
  private Operation install() {
    Operation op = OperationImpl.start(tracker, "install");
    Stage lists = op.addStage("lists");
    Stage download = op.addStage("download", 1000, 4);
    Stage configure = op.addStage("configure");
    lists.begin();
    time.advance(Duration.ofSeconds(5));
    download.begin(); // completes lists
    time.advance(Duration.ofSeconds(80));
    download.progress(1000);
    configure.begin();
    time.advance(Duration.ofSeconds(15));
    return op;
  }

  @Test
  void eta_beforeAnyHistory_isUnknown_whileAStageToComeHasNone() {
    tracker.history(History.load(file()));
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download", 1000, 1);
    op.addStage("configure");
    download.begin();
    time.advance(Duration.ofSeconds(10));
    download.advance(500);

    assertThat(download.snapshot().eta()).isPresent(); // the stage itself knows its rest
    assertThat(op.snapshot().eta()).isEmpty(); // "configure" has no history: not guessed
  }

  @Test
  void eta_ofTheLastStage_needsNoHistory() {
    tracker.history(null); // flowmeter.history=none
    Operation op = OperationImpl.start(tracker, "install");
    Stage only = op.addStage("only");
    only.begin();
    time.advance(Duration.ofSeconds(10));
    only.fraction(0.25); // 10 s for a quarter: 30 s to go

    assertThat(op.snapshot().eta()).contains(Duration.ofSeconds(30));
  }

  @Test
  void secondRun_learnsTheDurationsOfTheFirst() {
    tracker.history(History.load(file()));
    install().complete();
    assertThat(Files.exists(file())).isTrue();

    // a second run, as a new JVM would read the file
    tracker.history(History.load(file()));
    Operation op = OperationImpl.start(tracker, "install");
    Stage lists = op.addStage("lists");
    op.addStage("download", 1000, 4);
    op.addStage("configure");
    assertThat(op.snapshot().eta()).contains(Duration.ofSeconds(100)); // 5 + 80 + 15, not begun

    lists.begin();
    time.advance(Duration.ofSeconds(2));
    // lists: unknown share, 3 s of its 5 s left; then 80 s and 15 s
    assertThat(op.snapshot().eta()).contains(Duration.ofSeconds(98));
    // half done: its own pace says 2 s more, its history 3 s; each weighs by the share done
    lists.fraction(0.5);
    assertThat(op.snapshot().eta()).contains(Duration.ofMillis(97_500));
    // 90 % done: its pace (0.22 s) weighs 0.9, its history (3 s) 0.1: 0.5 s more
    lists.fraction(0.9);
    assertThat(op.snapshot().eta().orElseThrow().toMillis()).isBetween(95_499L, 95_500L);
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void overdueStage_historySaysNothingMore_noEtaOfZeroWhileItRuns() {
    tracker.history(History.load(file()));
    install().complete(); // lists took 5 s

    Operation op = OperationImpl.start(tracker, "install");
    Stage lists = op.addStage("lists");
    lists.begin();
    time.advance(Duration.ofSeconds(20)); // four times what history expects, share unknown

    // was "ETA 0 s" for as long as the stage ran on: the history's 5 s were used up
    assertThat(op.snapshot().eta()).isEmpty();
    lists.fraction(0.1); // its own pace: 20 s for a tenth, 180 s to go; the history no longer
    // pulls that toward 0 s (it made 0.1 * 180 s = 18 s)
    assertThat(op.snapshot().eta()).contains(Duration.ofSeconds(180));
  }

  @Test
  void failedOperation_recordsOnlyTheStagesThatCompleted() {
    tracker.history(History.load(file()));
    Operation op = install();
    op.fail("configure broke");

    History read = History.load(file());
    assertThat(read.expected("install", "lists")).contains(Duration.ofSeconds(5));
    assertThat(read.expected("install", "download")).contains(Duration.ofSeconds(80));
    assertThat(read.expected("install", "configure")).isEmpty();
  }

  @Test
  void cancelledOperation_recordsTheStagesThatCompleted_beforeTheCleanupRuns() {
    tracker.history(History.load(file()));
    Operation op = install();
    boolean[] savedBeforeCleanup = new boolean[1];
    op.onCancel(() -> savedBeforeCleanup[0] = Files.exists(file()));

    op.cancel();

    assertThat(savedBeforeCleanup[0]).isTrue();
    assertThat(History.load(file()).expected("install", "configure")).isEmpty();
    assertThat(History.load(file()).expected("install", "download")).isPresent();
  }

  @Test
  void corruptHistory_isIgnoredWithOneLine_andTheEtaIsUnknown() throws IOException {
    Files.writeString(file(), "not a history\n", StandardCharsets.UTF_8);
    tracker.history(History.load(file()));
    Operation op = OperationImpl.start(tracker, "install");
    op.addStage("lists");
    op.addStage("download");

    assertThat(op.snapshot().eta()).isEmpty();
    op.snapshot();
    assertThat(said.lines()).hasSize(1);
    assertThat(said.lines().get(0)).contains("history.tsv").contains("ignored");
  }

  @Test
  void history_isReadFromFlowmeterHistory_atTheFirstAsk_andNoneKeepsNone() {
    tracker.historyFrom(Config.load(Map.of(ConfigKeys.HISTORY, file().toString()), Map.of()));
    assertThat(tracker.history()).isNotNull().extracting(History::path).isEqualTo(file());

    tracker.historyFrom(Config.load(Map.of(ConfigKeys.HISTORY, "None"), Map.of()));
    assertThat(tracker.history()).isNull();
    install().complete();
    assertThat(Files.exists(file())).isFalse();
  }
}
