// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Kind;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operation: stages with weights, the work inside a stage as its children, the stage list and
 * the current stage on its events, and how it ends.
 */
final class OperationTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private Operation operation(String name) {
    return OperationImpl.start(tracker, name);
  }

  private static byte[] bytes(int n) {
    return new byte[n];
  }

  private static long drain(InputStream in) {
    try (in) {
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void percentage_isTheWeightedMeanOfTheStages() {
    Operation op = operation("install");
    Stage a = op.addStage("a", 100, 1);
    Stage b = op.addStage("b", 100, 4);
    Stage c = op.addStage("c", 100, 1);
    Stage d = op.addStage("d", 100, 2);
    op.addStage("e", 100, 2);
    assertThat(op.snapshot().percentage()).isEqualTo(0.0);

    a.begin().advance(100);
    a.complete(); // 1 of 10
    b.begin().advance(50); // + 4 * 0.5 = 3 of 10
    assertThat(op.snapshot().percentage()).isCloseTo(30.0, within(1e-9));
    b.complete(); // 5 of 10
    c.begin().fraction(0.5); // 5.5 of 10
    assertThat(op.snapshot().percentage()).isCloseTo(55.0, within(1e-9));
    d.begin(); // completes c: 6 of 10
    d.advance(25); // + 2 * 0.25 = 6.5
    assertThat(op.snapshot().percentage()).isCloseTo(65.0, within(1e-9));
    assertThat(c.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void stageOfUnknownShare_countsZeroUntilItEnds_soTheOperationIsNeverUnknown() {
    Operation op = operation("install");
    Stage first = op.addStage("first");
    op.addStage("second");
    first.begin().advance(10); // no total, no fraction, no children: its own share is unknown

    assertThat(first.snapshot().isPercentageKnown()).isFalse(); // honest about itself
    assertThat(op.snapshot().percentage()).isEqualTo(0.0); // the share of stages done
    first.complete();
    assertThat(op.snapshot().percentage()).isEqualTo(50.0);
  }

  @Test
  void streamInsideAStage_isItsChild_andItsBytesAreTheStagesAndTheOperations() {
    Operation op = operation("install");
    Stage download = op.addStage("download", 3000, 1);
    Stage unpack = op.addStage("unpack");
    download.run(
        () -> {
          InputStream in = tracker.builder().wrap(new ByteArrayInputStream(bytes(1000)));
          assertThat(Flowmeter.transferOf(in).orElseThrow().parentId()).isEqualTo(download.id());
          drain(in);
          // the stream had no total; the stage's total makes the share: 1000 of 3000
          assertThat(download.snapshot().percentage()).isCloseTo(100.0 / 3, within(1e-9));
          drain(tracker.builder().wrap(new ByteArrayInputStream(bytes(2000))));
        });
    unpack.run(() -> drain(tracker.builder().wrap(new ByteArrayInputStream(bytes(500)))));

    assertThat(download.status()).isEqualTo(Status.COMPLETED);
    assertThat(download.bytes()).isEqualTo(3000);
    assertThat(unpack.bytes()).isEqualTo(500);
    assertThat(op.bytes()).isEqualTo(3500);
    // outside the stage, a stream is a transfer of its own again
    InputStream outside = tracker.builder().wrap(new ByteArrayInputStream(bytes(1)));
    assertThat(Flowmeter.transferOf(outside).orElseThrow().parentId()).isZero();
  }

  @Test
  void enter_putsTheThreadInTheStage_untilClosed_withoutEndingIt() throws IOException {
    Operation op = operation("install");
    Stage download = op.addStage("download");

    try (Stage.Entered inside = download.enter()) {
      drain(tracker.builder().wrap(new ByteArrayInputStream(bytes(64))));
      inside.close();
      inside.close(); // once only: the thread stays where it was before enter()
    }

    assertThat(download.status()).isEqualTo(Status.STARTING);
    assertThat(download.bytes()).isEqualTo(64);
    assertThat(tracker.builder().start().parentId()).isZero();
  }

  @Test
  void trackedCallInsideAStage_isItsChild() {
    Operation op = operation("install");
    Stage upload = op.addStage("upload");

    upload.run(
        () -> {
          TrackedCall call = TrackedCall.begin(tracker, "upload", "report.pdf", 10);
          drain(call.reading(new ByteArrayInputStream(bytes(10))));
          call.returned();
          assertThat(call.transfer().orElseThrow().parentId()).isEqualTo(upload.id());
        });

    assertThat(upload.bytes()).isEqualTo(10);
    assertThat(op.bytes()).isEqualTo(10);
  }

  @Test
  void stageOfUnknownTotal_sharesItsChildrensMean() {
    Operation op = operation("copy");
    Stage copy = op.addStage("copy");
    copy.run(
        () -> {
          Transfer half = tracker.builder().totalBytes(100).start();
          half.advance(50);
          assertThat(half.parentId()).isEqualTo(copy.id());
          assertThat(copy.snapshot().percentage()).isEqualTo(50.0);
          half.complete();
        });
    assertThat(op.snapshot().percentage()).isEqualTo(100.0);
  }

  @Test
  void events_carryTheStageListAndTheCurrentStage() {
    Operation op = operation("install");
    Stage lists = op.addStage("lists");
    Stage download = op.addStage("download", 100, 2);
    op.addStage("configure");
    lists.begin();
    time.advance(Duration.ofSeconds(5));
    lists.complete();
    download.begin().advance(40);
    download.message("mirror 2");
    time.advance(Duration.ofSeconds(3));

    ProgressEvent event = op.snapshot();
    assertThat(event.kind()).isEqualTo(Kind.OPERATION);
    assertThat(event.step()).contains("download");
    assertThat(event.stages())
        .containsExactly(
            new StageState("lists", Status.COMPLETED, 1, Duration.ofSeconds(5), null),
            new StageState("download", Status.IN_PROGRESS, 0.4, Duration.ofSeconds(3), "mirror 2"),
            new StageState("configure", Status.PENDING, 0, Duration.ZERO, null));
    ProgressEvent stage = download.snapshot();
    assertThat(stage.kind()).isEqualTo(Kind.STAGE);
    assertThat(stage.parentId()).isEqualTo(op.id());
    assertThat(stage.message()).contains("mirror 2");
    assertThat(op.currentStage()).containsSame(download);
  }

  @Test
  void aStageThatBegins_isShownAtTheNextSample_evenWithNothingMoved() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    Operation op = operation("install");
    Stage first = op.addStage("first"); // unknown share: the operation's share does not move
    op.addStage("second");
    tracker.sample();
    assertThat(RecordingSink.await(() -> !sink.events(op.id()).isEmpty())).isTrue();
    int before = sink.events(op.id()).size();

    first.begin();
    tracker.sample(); // no heartbeat yet: only the begun stage makes this sample emit

    assertThat(
            RecordingSink.await(
                () ->
                    sink.events(op.id()).stream()
                        .anyMatch(e -> e.step().filter("first"::equals).isPresent())))
        .isTrue();
    assertThat(sink.events(op.id()).size()).isGreaterThan(before);
  }

  @Test
  void complete_completesTheRunningStage_andSkipsThoseNeverBegun() {
    Operation op = operation("install");
    Stage a = op.addStage("a");
    Stage b = op.addStage("b");
    a.begin();

    assertThat(op.complete()).isTrue();

    assertThat(a.status()).isEqualTo(Status.COMPLETED);
    assertThat(b.status()).isEqualTo(Status.CANCELLED);
    assertThat(b.snapshot().error()).contains("skipped");
    assertThat(op.snapshot().stages())
        .extracting(StageState::status, StageState::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Status.COMPLETED, null),
            org.assertj.core.groups.Tuple.tuple(Status.CANCELLED, "skipped"));
    assertThat(op.snapshot().percentage()).isEqualTo(100.0);
    // a stage added once the operation ended ends at once: nothing is left pending
    assertThat(op.addStage("late").status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void stageThatFails_failsTheOperation_andEndsThePendingStages() {
    Operation op = operation("install");
    Stage a = op.addStage("a");
    Stage b = op.addStage("b");

    assertThatThrownBy(
            () ->
                a.run(
                    () -> {
                      throw new IllegalStateException("disk full");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");

    assertThat(a.status()).isEqualTo(Status.FAILED);
    assertThat(op.status()).isEqualTo(Status.FAILED);
    assertThat(op.snapshot().error()).contains("a: disk full");
    assertThat(b.status()).isEqualTo(Status.CANCELLED);
    assertThat(op.snapshot().stages().get(0).message()).isEqualTo("disk full");
    assertThat(op.snapshot().step()).contains("a");
  }

  @Test
  void operationThatFails_failsTheRunningStage() {
    Operation op = operation("install");
    Stage a = op.addStage("a");
    a.begin();

    assertThat(op.fail("no network")).isTrue();

    assertThat(a.status()).isEqualTo(Status.FAILED);
    assertThat(a.snapshot().error()).contains("no network");
  }

  @Test
  void aStageCancelledAlone_leavesTheOperationRunning() {
    Operation op = operation("install");
    Stage a = op.addStage("a");
    Stage b = op.addStage("b");
    a.begin();

    assertThat(a.cancel("not needed")).isTrue();

    assertThat(op.status().isFinal()).isFalse();
    b.begin();
    assertThat(op.currentStage()).containsSame(b);
  }

  @Test
  void addStage_refusesADuplicateName_andAWeightOutOfRange() {
    Operation op = operation("install");
    op.addStage("a");

    assertThatThrownBy(() -> op.addStage("a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> op.addStage("b", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(op.stages()).extracting(Transfer::name).containsExactly("a");
  }

  @Test
  void aStageIsAParentForTheBuilder() {
    Operation op = operation("install");
    Stage a = op.addStage("a", 10, 1);
    a.begin();
    Transfer child = tracker.builder().parent(a).start();

    child.advance(5);

    assertThat(child.parentId()).isEqualTo(a.id());
    assertThat(a.bytes()).isEqualTo(5);
    assertThat(a.snapshot().percentage()).isEqualTo(50.0);
  }

  @Test
  void stageAfterACancel_doesNotRunItsTask_andSaysWhy_andTookNoTime() {
    Operation op = operation("install");
    Stage first = op.addStage("first");
    Stage second = op.addStage("second");
    Stage third = op.addStage("third");
    first.run(() -> time.advance(Duration.ofSeconds(3)));
    second.begin();
    time.advance(Duration.ofSeconds(2));
    op.cancel("stopped by the user");
    boolean[] ran = new boolean[1];

    assertThatThrownBy(() -> third.run(() -> ran[0] = true))
        .isInstanceOf(java.util.concurrent.CancellationException.class)
        .hasMessageContaining("third")
        .hasMessageContaining("stopped by the user");
    assertThat(ran[0]).isFalse();
    assertThatThrownBy(() -> first.run(() -> ran[0] = true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already completed");
    assertThat(ran[0]).isFalse();

    time.advance(Duration.ofSeconds(1));
    java.util.List<StageState> stages = op.snapshot().stages();
    assertThat(stages.get(1).elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(stages.get(2).status()).isEqualTo(Status.CANCELLED);
    assertThat(stages.get(2).elapsed()).isZero(); // never begun: no "(0.0 s)" beside it
  }
}
