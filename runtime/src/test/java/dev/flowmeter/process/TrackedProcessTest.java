// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.Direction;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs small {@code sh} scripts as tracked processes: how their output reaches the parser and the
 * application, and how the transfer ends (exit status, a program that cannot start, a cancel).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TrackedProcessTest {
  @TempDir Path dir;

  private static ProcessBuilder sh(String script) {
    return new ProcessBuilder("sh", "-c", script);
  }

  private static TrackedProcess.Builder tracked(String script) {
    return TrackedProcess.builder(sh(script), ProgressParsers.pv()).discardOutput();
  }

  @Test
  void exitZero_completes_progressFromBothStreams() throws Exception {
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    TrackedProcess run =
        tracked("echo 10; echo 55 >&2; echo plain words").listener(events::add).start();

    assertThat(run.waitFor()).isZero();

    Transfer transfer = run.transfer();
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.snapshot().percentage()).isEqualTo(100.0);
    assertThat(transfer.name()).isEqualTo("sh");
    assertThat(transfer.operation()).isEqualTo("run");
  }

  @Test
  void transfer_isMadeByTheProcessPath_directionUnknownUnlessSaid() throws Exception {
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    TrackedProcess run = tracked("echo 10; echo 55").listener(events::add).start();
    TrackedProcess download = tracked("echo 10").operation("download").start();
    TrackedProcess told = tracked("echo 10").direction(Direction.WRITE).start();
    assertThat(run.waitFor() + download.waitFor() + told.waitFor()).isZero();

    assertThat(run.transfer().snapshot().source()).isEqualTo("process");
    assertThat(run.transfer().snapshot().direction()).isEqualTo(Direction.UNKNOWN);
    assertThat(download.transfer().snapshot().direction()).isEqualTo(Direction.READ);
    assertThat(told.transfer().snapshot().direction()).isEqualTo(Direction.WRITE);
    assertThat(told.transfer().snapshot().source()).isEqualTo("process");
    Flowmeter.flush(5_000);
    assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.source()).isEqualTo("process"));
  }

  @Test
  void nonZeroExit_fails_withTheLastStderrLineThatStatedNoProgress() throws Exception {
    TrackedProcess run =
        tracked("echo 30 >&2; echo 'in.mp4: No such file or directory' >&2; echo 40 >&2; exit 3")
            .start();

    assertThat(run.waitFor()).isEqualTo(3);

    assertThat(run.transfer().status()).isEqualTo(Status.FAILED);
    assertThat(run.transfer().snapshot().error())
        .contains("exit status 3: in.mp4: No such file or directory");
  }

  @Test
  void nonZeroExit_errorLineWithEscapesAndNoEnd_isBoundedAndSafeInEverySink() throws Exception {
    TrackedProcess run =
        tracked(
                "{ printf '\\033[2J\\033[31mred '; head -c 20000 /dev/zero | tr '\\0' x; } >&2; exit 2")
            .discardOutput()
            .start();

    assertThat(run.waitFor()).isEqualTo(2);
    String error = run.transfer().snapshot().error().orElseThrow();
    assertThat(error).startsWith("exit status 2: ").hasSizeLessThan(1100);
    assertThat(error.chars().filter(Character::isISOControl)).isEmpty();
  }

  @Test
  void nonZeroExit_withNothingOnStderr_takesStdoutsLastLine() throws Exception {
    TrackedProcess run = tracked("echo 'bad input'; echo 20; exit 1").start();

    assertThat(run.waitFor()).isEqualTo(1);
    assertThat(run.transfer().snapshot().error()).contains("exit status 1: bad input");
  }

  @Test
  void missingProgram_throws_andTheTransferFailsWithTheSameMessage() {
    String name = "missing-" + System.nanoTime();
    TrackedProcess.Builder builder =
        TrackedProcess.builder(
                new ProcessBuilder("/nonexistent/flowmeter-tool"), ProgressParsers.pv())
            .name(name);

    assertThatThrownBy(builder::start)
        .isInstanceOf(IOException.class)
        .satisfies(
            e -> {
              ProgressEvent event =
                  Flowmeter.transfers().stream()
                      .filter(t -> t.name().equals(name))
                      .findFirst()
                      .orElseThrow();
              assertThat(event.status()).isEqualTo(Status.FAILED);
              assertThat(event.error()).contains(e.getMessage());
            });
  }

  @Test
  void cancel_endsTheProcess_forciblyAfterTheGracePeriod() throws Exception {
    // the shell and its sleep ignore SIGTERM: only the forcible end stops them
    TrackedProcess run =
        tracked("trap '' TERM; echo 5; sleep 60 & wait; sleep 60")
            .gracePeriod(Duration.ofMillis(200))
            .start();
    awaitPercentage(run.transfer(), 5);

    assertThat(run.cancel()).isTrue();

    assertThat(run.waitFor()).isNotZero();
    assertThat(run.process().isAlive()).isFalse();
    assertThat(run.transfer().status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void parentCancelled_endsTheProcess() throws Exception {
    Transfer parent = Flowmeter.start("stage");
    TrackedProcess run = tracked("echo 5; exec sleep 60").parent(parent).start();
    awaitPercentage(run.transfer(), 5);

    parent.cancel();

    assertThat(run.waitFor()).isNotZero();
    assertThat(run.transfer().status()).isEqualTo(Status.CANCELLED);
    assertThat(run.transfer().parentId()).isEqualTo(parent.id());
  }

  @Test
  void percentage_isWhatTheToolSays_evenWhenItGoesBack() throws Exception {
    TrackedProcess run = tracked("echo 50; echo 40; read line || true").start();

    awaitPercentage(run.transfer(), 40);

    run.process().getOutputStream().close(); // read ends: the script exits
    assertThat(run.waitFor()).isZero();
  }

  @Test
  void tenMegabytesOnEachStream_withoutANewline_areAllPassedOn() throws Exception {
    Path file = dir.resolve("out.bin");
    TrackedProcess run =
        tracked("head -c 10000000 /dev/zero; head -c 10000000 /dev/zero >&2")
            .outputTo(file)
            .start();

    assertThat(run.waitFor()).isZero();
    assertThat(Files.size(file)).isEqualTo(20_000_000L);
  }

  @Test
  void passThrough_keepsEveryByte_unlessProgressLinesAreDropped() throws Exception {
    // \r, a byte that is no UTF-8, a line that states progress (33), no final newline
    String script = "printf 'a\\r\\200b\\n33\\rdone\\r\\n'; printf 'e1\\n77\\ne2' >&2";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      tracked(script).passThrough().dropProgressLines(false).start().waitFor();
      assertThat(out.toByteArray()).isEqualTo(bytes("a\r\200b\n33\rdone\r\n"));
      assertThat(err.toByteArray()).isEqualTo(bytes("e1\n77\ne2"));

      out.reset();
      err.reset();
      tracked(script).passThrough().start().waitFor();
      assertThat(out.toByteArray()).isEqualTo(bytes("a\r\200b\ndone\r\n"));
      assertThat(err.toByteArray()).isEqualTo(bytes("e1\ne2"));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void progressFrom_readsOnlyTheStreamNamed() throws Exception {
    TrackedProcess run =
        tracked("echo 10; sleep 0.2; echo 90 >&2; exit 1")
            .progressFrom(TrackedProcess.Source.STDOUT)
            .start();

    run.waitFor();

    assertThat(run.transfer().snapshot().percentage()).isEqualTo(10.0);
    assertThat(run.transfer().snapshot().error()).contains("exit status 1: 90"); // not progress
  }

  @Test
  void aParserThatThrows_losesItsLine_notTheRun() throws Exception {
    ProgressParser broken =
        line -> {
          throw new IllegalStateException("broken parser");
        };
    TrackedProcess run =
        TrackedProcess.builder(sh("echo 1; echo 2; exit 0"), broken).discardOutput().start();

    assertThat(run.waitFor()).isZero();
    assertThat(run.transfer().status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void aParserThatThrowsAnError_losesItsLine_andTheProcessIsStillDrained() throws Exception {
    ProgressParser broken =
        line -> {
          throw new AssertionError("broken parser");
        };
    // far more than a pipe holds: a drain that died on the Error left the process blocked
    TrackedProcess run =
        TrackedProcess.builder(sh("head -c 2000000 /dev/zero | tr '\\0' '\\n'; exit 0"), broken)
            .discardOutput()
            .start();

    assertThat(run.waitFor()).isZero();
    assertThat(run.transfer().status()).isEqualTo(Status.COMPLETED);
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Waits, at most 20 s, until the transfer shows {@code percent}. */
  private static void awaitPercentage(Transfer transfer, double percent)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (transfer.snapshot().percentage() != percent) {
      assertThat(transfer.isDone()).as("ended before reaching %s %%", percent).isFalse();
      assertThat(System.nanoTime() - deadline)
          .as("still at %s %%, not %s %%", transfer.snapshot().percentage(), percent)
          .isNegative();
      Thread.sleep(10);
    }
  }
}
