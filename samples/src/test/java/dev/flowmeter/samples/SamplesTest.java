// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowmeter.FileGroup;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Kind;
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
  void install_runsFiveStages_downloadsForReal_andLearnsItsEtaFromTheFirstRun() throws Exception {
    InstallSample.Result first = InstallSample.install(2 << 20, 16 << 20, false);
    ProgressEvent end = first.end();
    assertThat(end.status()).isEqualTo(Status.COMPLETED);
    assertThat(end.kind()).isEqualTo(Kind.OPERATION);
    assertThat(end.stages())
        .extracting(ProgressEvent.StageState::name, ProgressEvent.StageState::status)
        .containsExactly(
            tuple("Update package lists", Status.COMPLETED),
            tuple("Download demo-db-15", Status.COMPLETED),
            tuple("Installing dependencies", Status.COMPLETED),
            tuple("Configuring database", Status.COMPLETED),
            tuple("Starting service", Status.COMPLETED));
    // the download's and the unpacking's streams were the stages' children: their bytes count
    assertThat(end.bytes()).isEqualTo(2L * (2 << 20));
    assertThat(end.percentage()).isEqualTo(100.0);

    // the history the first run wrote (flowmeter.history, set by the build) gives the second an ETA
    InstallSample.Result second = InstallSample.install(2 << 20, 16 << 20, false);
    assertThat(second.etaReport())
        .hasSizeGreaterThanOrEqualTo(5)
        .noneMatch(line -> line.contains("ETA unknown"));
  }

  @Test
  void install_cancelledWhileConfiguring_endsCancelled_andSkipsTheLastStage() throws Exception {
    InstallSample.Result result = InstallSample.install(1 << 20, 32 << 20, true);

    ProgressEvent end = result.end();
    assertThat(end.status()).isEqualTo(Status.CANCELLED);
    assertThat(end.error()).contains("cancelled while configuring (--cancel)");
    assertThat(end.stages())
        .extracting(ProgressEvent.StageState::status)
        .containsExactly(
            Status.COMPLETED,
            Status.COMPLETED,
            Status.COMPLETED,
            Status.CANCELLED,
            Status.CANCELLED);
    assertThat(result.etaReport()).isEmpty();
  }

  @Test
  void group_oneFileFails_theOthersGoOn_theGroupEndsFailedWithFiveOfSixCompleted()
      throws Exception {
    FileGroup photos = GroupSample.upload();

    ProgressEvent end = photos.snapshot();
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.kind()).isEqualTo(Kind.GROUP);
    assertThat(end.completedFiles()).isEqualTo(6);
    assertThat(end.totalFiles()).isEqualTo(6);
    assertThat(photos.failedFiles()).isEqualTo(1);
    assertThat(end.error()).hasValueSatisfying(e -> assertThat(e).contains("IMG_0004.jpg"));
    assertThat(photos.files())
        .extracting(GroupFile::name, GroupFile::status, f -> f.step().orElse(""))
        .containsExactly(
            tuple("IMG_0001.jpg", Status.COMPLETED, "completed"),
            tuple("IMG_0002.jpg", Status.COMPLETED, "completed"),
            tuple("IMG_0003.jpg", Status.COMPLETED, "completed"),
            tuple("IMG_0004.jpg", Status.FAILED, "error"),
            tuple("IMG_0005.jpg", Status.COMPLETED, "completed"),
            tuple("IMG_0006.jpg", Status.COMPLETED, "completed"));
    assertThat(photos.files().get(3).message()).contains("not an image: no JPEG header");
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
