// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Kind;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The line Ctrl+C leaves and how a cleanup's outcome is said (issue 10); the signal itself is
 * tested in a forked JVM ({@code CancelOnInterruptTest} in the samples).
 */
final class InterruptCancelTest {
  private final Tracker tracker = new ManualTime().tracker();
  private final InterruptCancel interrupts =
      new InterruptCancel(); // no handler: add(), not register()
  private final List<String> said = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private void ctrlC() {
    interrupts.cancelAndCleanUp(said::add, () -> {});
  }

  private static StageState stage(String name, Status status) {
    return new StageState(name, status, status == Status.COMPLETED ? 1 : -1, Duration.ZERO, null);
  }

  private static ProgressEvent.Builder operation() {
    return ProgressEvent.builder()
        .transferId(7)
        .name("Installing PostgreSQL")
        .kind(Kind.OPERATION)
        .status(Status.IN_PROGRESS)
        .fraction(0.456)
        .elapsed(Duration.ofSeconds(3));
  }

  @Test
  void summary_namesThePercentageAndTheCurrentStage() {
    ProgressEvent e =
        operation()
            .stages(
                List.of(
                    stage("update", Status.COMPLETED),
                    stage("download", Status.COMPLETED),
                    stage("install", Status.IN_PROGRESS),
                    stage("configure", Status.PENDING),
                    stage("start", Status.PENDING)))
            .build();
    assertThat(InterruptCancel.summary(e, "; cleaned up"))
        .isEqualTo("Installing PostgreSQL cancelled at 45 % (stage 3 of 5); cleaned up");
  }

  @Test
  void summary_stageNamedByStep_winsOverTheFirstNotCompleted() {
    ProgressEvent e =
        operation()
            .step("b")
            .stages(List.of(stage("a", Status.FAILED), stage("b", Status.IN_PROGRESS)))
            .build();
    assertThat(InterruptCancel.summary(e, "")).endsWith("(stage 2 of 2)");
  }

  @Test
  void summary_withoutStages_orPercentage_saysWhatIsKnown() {
    assertThat(InterruptCancel.summary(operation().build(), ""))
        .isEqualTo("Installing PostgreSQL cancelled at 45 %");
    ProgressEvent unknown =
        ProgressEvent.builder()
            .transferId(3)
            .name("feed\u001b[2J")
            .status(Status.IN_PROGRESS)
            .bytes(10)
            .elapsed(Duration.ofMillis(2500))
            .build();
    assertThat(InterruptCancel.summary(unknown, "")).isEqualTo("feed? cancelled after 2.5 s");
  }

  @Test
  void cleanUp_saysItRan_orWhyItFailed() {
    assertThat(InterruptCancel.cleanUp(null)).isEmpty();
    assertThat(InterruptCancel.cleanUp(() -> {})).isEqualTo("; cleaned up");
    assertThat(
            InterruptCancel.cleanUp(
                () -> {
                  throw new IllegalStateException("disk gone");
                }))
        .isEqualTo("; cleanup failed: disk gone");
    assertThat(
            InterruptCancel.cleanUp(
                () -> {
                  throw new IllegalStateException();
                }))
        .isEqualTo("; cleanup failed: java.lang.IllegalStateException");
  }

  @Test
  void twoRegistrationsOfOneTransfer_bothCleanupsRun() {
    Operation install = OperationImpl.start(tracker, "install");
    install.addStage("download").begin();
    List<String> ran = new ArrayList<>();
    interrupts.add(install, () -> ran.add("first"));
    interrupts.add(install, () -> ran.add("second"));

    ctrlC();

    assertThat(install.status()).isEqualTo(Status.CANCELLED);
    assertThat(ran).containsExactlyInAnyOrder("first", "second"); // the second was skipped
    assertThat(said).hasSize(2).allMatch(line -> line.endsWith("; cleaned up"));
  }

  @Test
  void operationThenItsStageRegistered_bothCleanupsRun() {
    Operation install = OperationImpl.start(tracker, "install");
    Stage download = install.addStage("download").begin();
    List<String> ran = new ArrayList<>();
    interrupts.add(install, () -> ran.add("operation")); // cancelling it ends the stage first
    interrupts.add(download, () -> ran.add("stage"));

    ctrlC();

    assertThat(download.status()).isEqualTo(Status.CANCELLED);
    assertThat(ran).containsExactlyInAnyOrder("stage", "operation");
  }

  @Test
  void endedTransfer_isNotCleanedUp_andItsRegistrationIsDropped() {
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // a program registering each operation, never closing the hook
      Operation done = OperationImpl.start(tracker, "done " + i);
      interrupts.add(done, () -> ran.add("done"));
      done.complete();
    }
    Operation running = OperationImpl.start(tracker, "running");
    interrupts.add(running, () -> ran.add("running"));

    assertThat(interrupts.registered()).isEqualTo(1); // was 101: ended transfers were kept for ever
    ctrlC();
    assertThat(ran).containsExactly("running");
  }
}
