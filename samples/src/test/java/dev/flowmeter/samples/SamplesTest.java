// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.samples.tools.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the samples (the README's examples) in this JVM and checks what they reported. */
final class SamplesTest {
  @TempDir Path dir;

  private final List<ProgressEvent> finals = new ArrayList<>();
  private final ProgressListener recorder =
      event -> {
        if (event.isLifecycle()) {
          synchronized (finals) {
            finals.add(event);
          }
        }
      };

  @BeforeEach
  void listen() {
    Flowmeter.addListener(recorder);
  }

  @AfterEach
  void stopListening() {
    Flowmeter.removeListener(recorder);
  }

  private List<ProgressEvent> lifecycle(String name) {
    assertThat(Flowmeter.flush(10_000)).isTrue();
    synchronized (finals) {
      return finals.stream().filter(e -> e.name().equals(name)).toList();
    }
  }

  @Test
  void context_attributesOnWorkerTasks_weightedStages_customUnit_sinkAsObject() throws Exception {
    List<String> lines = ContextSample.install();
    // one sink sees each transfer's events in order; two transfers' events may interleave either
    // way
    assertThat(lines)
        .containsExactlyInAnyOrder(
            "read part-1 completed 100.0% 4096 bytes user=u-42",
            "transfer download completed 100.0% 0 bytes user=u-42",
            "transfer encode completed 100.0% 1200 frames user=u-42",
            "install database completed 100.0% 0 bytes user=u-42");
  }

  @Test
  void ffmpeg_convertsAGeneratedClip_toCompletedAt100Percent() throws Exception {
    Tools.require("ffmpeg");
    Path target = dir.resolve("clip.mp4");

    Transfer transfer = FfmpegSample.convert(target, 2);

    assertThat(target).isNotEmptyFile();
    assertThat(lifecycle("clip.mp4"))
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.COMPLETED);
    assertThat(transfer.snapshot().percentage()).isEqualTo(100.0);
    assertThat(transfer.operation()).isEqualTo("convert");
  }

  @Test
  void ffmpeg_missingInput_failsWithFfmpegsLine() throws Exception {
    Tools.require("ffmpeg");
    Path target = dir.resolve("no-such-dir").resolve("clip.mp4");

    Transfer transfer = FfmpegSample.convert(target, 1);

    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("exit status 1: ").contains("No such file or directory"));
  }

  @Test
  void quickStart_copiesAndReportsFileNameAndSize() throws Exception {
    Path source = dir.resolve("data.bin");
    byte[] data = new byte[3 << 20];
    new java.util.Random(1).nextBytes(data);
    Files.write(source, data);
    Path target = dir.resolve("copy.bin");

    QuickStart.main(new String[] {source.toString(), target.toString()});

    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    List<ProgressEvent> events = lifecycle("data.bin");
    assertThat(events)
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.COMPLETED);
    ProgressEvent done = events.get(1);
    assertThat(done.bytes()).isEqualTo(data.length);
    assertThat(done.totalBytes()).isEqualTo(data.length);
    assertThat(done.operation()).isEqualTo("read");
  }

  @Test
  void listener_perTransferListenerSeesStartAndEndWithAttributes() throws Exception {
    List<String> seen = ListenerSample.upload();
    assertThat(seen.get(0)).isEqualTo("starting 0/1048576 tenant=acme");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("completed 1048576/1048576 tenant=acme");
  }

  @Test
  void manual_advanceSavingComplete() {
    ProgressEvent done = ManualTransferSample.upload(new byte[1_000_000]).snapshot();
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.bytes()).isEqualTo(1_000_000);
    assertThat(lifecycle("backup.tar"))
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.SAVING, Status.COMPLETED);
  }

  @Test
  void iterate_countsItemsOfIterableAndStream() {
    List<String> records = IntStream.range(0, 10_000).mapToObj(i -> "record-" + i).toList();
    assertThat(IterateSample.count(records)).containsExactly(10_000, 1_000);
    assertThat(Flowmeter.flush(10_000)).isTrue();
    synchronized (finals) {
      assertThat(finals.stream().filter(e -> e.isFinal() && e.operation().equals("iterate")))
          .extracting(ProgressEvent::bytes)
          .contains(10_000L);
    }
  }

  @Test
  void cancel_fromATimerThread_stopsTheCopyAndRunsTheCleanup() throws Exception {
    Path target = dir.resolve("feed.bin");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    ProgressEvent end;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      end = CancelSample.download(new CancelSample.EndlessFeed(), target).snapshot();
    } finally {
      System.setOut(out);
    }

    assertThat(end.status()).isEqualTo(Status.CANCELLED);
    assertThat(end.error()).contains("took longer than 200 ms");
    assertThat(end.bytes()).isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactlyInAnyOrder( // the timer thread and the copying thread both print
            "cancelled after " + end.bytes() + " bytes",
            "transfer cancelled: took longer than 200 ms");
    assertThat(target).doesNotExist();
    assertThat(lifecycle("live feed"))
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.CANCELLED);
  }
}
