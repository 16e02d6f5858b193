// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** File groups: statuses, file counts, step words and ranges, stopping at the first failure. */
final class FileGroupTest {
  private static final FileSteps RANGES =
      FileSteps.of("upload", 0, 10)
          .then("queue", 10, 20)
          .then("processing", 40, 80)
          .then("cleanup", 95, 99);

  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();
  private final RecordingSink sink = new RecordingSink();

  FileGroupTest() {
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
  }

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private FileGroup group(FileSteps steps, boolean stopOnFirstFailure) {
    return FileGroupImpl.start(tracker, "upload", "photos", steps, stopOnFirstFailure, Map.of());
  }

  private ProgressEvent last(long id) {
    assertThat(tracker.flush(10_000)).isTrue();
    List<ProgressEvent> events = sink.events(id);
    return events.get(events.size() - 1);
  }

  @Test
  void group_bytesAreItsFilesBytes_runningAndEnded() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a.jpg", 1000);
    GroupFile b = group.addFile("b.jpg", 1000);
    a.start();
    a.advance(1000);
    a.complete();
    b.start();
    b.advance(250);

    assertThat(group.bytes()).isEqualTo(1250); // was 0: a group that moved bytes said none
    b.advance(750);
    b.complete();
    group.allAdded();
    assertThat(last(group.id()).bytes()).isEqualTo(2000);
  }

  @Test
  void group_totalIsItsFilesSizes_whenEveryFileWasAddedWithOne() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a.jpg", 1000);
    group.addFile("b.jpg", 3000);
    assertThat(group.snapshot().totalBytes()).isEqualTo(4000); // was unknown: files not begun
    a.start();
    a.advance(500);
    ProgressEvent running = group.snapshot();
    assertThat(running.totalBytes()).isEqualTo(4000);
    assertThat(running.bytes()).isEqualTo(500);
    assertThat(running.percentage()).isCloseTo(12.5, within(0.01)); // still the files' shares

    FileGroup unsized = group(FileSteps.DEFAULT, false);
    unsized.addFile("c.jpg", 1000);
    unsized.addFile("d.jpg");
    assertThat(unsized.snapshot().totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
  }

  @Test
  void group_completesWhenAllAddedAndEveryFileCompleted() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a.jpg", 100);
    GroupFile b = group.addFile("b.jpg", 100);
    assertThat(a.status()).isEqualTo(Status.PENDING);
    assertThat(a.step()).isEmpty();

    a.complete();
    b.complete();
    assertThat(group.isDone()).isFalse(); // more files may come until allAdded()
    group.allAdded();

    assertThat(group.status()).isEqualTo(Status.COMPLETED);
    ProgressEvent end = last(group.id());
    assertThat(end.kind()).isEqualTo(Kind.GROUP);
    assertThat(end.status()).isEqualTo(Status.COMPLETED);
    assertThat(end.completedFiles()).isEqualTo(2);
    assertThat(end.totalFiles()).isEqualTo(2);
    assertThat(end.percentage()).isEqualTo(100.0);
    assertThat(last(a.id()).step()).contains("completed");
    assertThat(last(a.id()).kind()).isEqualTo(Kind.FILE);
    assertThat(last(a.id()).parentId()).isEqualTo(group.id());
  }

  @Test
  void group_withAFailedFile_goesOnWithTheOthers_andFailsWhenTheLastEnds() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a.jpg", 100);
    GroupFile b = group.addFile("b.jpg", 100);
    group.allAdded();

    a.fail("virus found");
    assertThat(b.status()).isEqualTo(Status.PENDING);
    assertThat(group.isDone()).isFalse();
    assertThat(group.snapshot().message()).contains("1 failed");
    assertThat(group.snapshot().completedFiles()).isEqualTo(1);
    b.step("processing");
    b.complete();

    ProgressEvent end = last(group.id());
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.error()).contains("1 of 2 files failed, the first 'a.jpg': virus found");
    assertThat(end.completedFiles()).isEqualTo(2);
    assertThat(group.failedFiles()).isEqualTo(1);
    assertThat(last(a.id()).step()).contains("error");
    assertThat(last(a.id()).message()).contains("virus found");
    assertThat(a.message()).contains("virus found");
    assertThat(b.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void stopOnFirstFailure_cancelsTheOthersNamingTheFailedFile_andFailsTheGroup() {
    FileGroup group = group(FileSteps.DEFAULT, true);
    GroupFile a = group.addFile("a.jpg", 100);
    GroupFile running = group.addFile("b.jpg", 100);
    GroupFile pending = group.addFile("c.jpg", 100);
    running.step("uploading");

    a.fail("disk full");

    assertThat(running.status()).isEqualTo(Status.CANCELLED);
    assertThat(pending.status()).isEqualTo(Status.CANCELLED);
    assertThat(last(running.id()).error()).contains("stopped: file 'a.jpg': disk full");
    assertThat(last(pending.id()).error().orElseThrow()).contains("'a.jpg'");
    ProgressEvent end = last(group.id());
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.error()).contains("file 'a.jpg': disk full (stopped at the first failure)");
    assertThat(end.completedFiles()).isEqualTo(3); // the group ends after the files it stopped
    assertThat(end.totalFiles()).isEqualTo(3);

    GroupFile late = group.addFile("d.jpg", 1);
    assertThat(late.status()).isEqualTo(Status.CANCELLED);
    assertThat(late.snapshot().error().orElseThrow()).contains("'a.jpg'");
  }

  @Test
  void withoutStopOnFirstFailure_theOtherFilesAreNotCancelled() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a.jpg", 100);
    GroupFile b = group.addFile("b.jpg", 100);
    b.start();
    a.fail("disk full");
    assertThat(b.status()).isEqualTo(Status.STARTING);
    assertThat(group.isDone()).isFalse();
  }

  @Test
  void aCancelledFile_withoutFailures_endsTheGroupCancelled() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    group.addFile("a", 1).complete();
    group.addFile("b", 1).cancel("user skipped it");
    group.allAdded();
    assertThat(group.status()).isEqualTo(Status.CANCELLED);
    assertThat(group.snapshot().error()).contains("1 of 2 files cancelled");
  }

  @Test
  void groupCancel_cancelsEveryFile_andCountsThem() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a", 1);
    GroupFile b = group.addFile("b", 1);
    b.start();
    group.cancel("Ctrl+C");
    assertThat(a.status()).isEqualTo(Status.CANCELLED);
    assertThat(b.status()).isEqualTo(Status.CANCELLED);
    assertThat(group.completedFiles()).isEqualTo(2);
    assertThat(group.addFile("c", 1).status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void groupFail_cancelsTheUnfinishedFiles() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a", 1);
    assertThat(group.fail("server gone")).isTrue();
    assertThat(group.status()).isEqualTo(Status.FAILED);
    assertThat(a.status()).isEqualTo(Status.CANCELLED);
    assertThat(a.snapshot().error()).contains("group 'photos' failed: server gone");
    assertThat(group.fail("again")).isFalse();
  }

  @Test
  void filesAddedAfterStart_countAndKeepTheGroupRunningUntilAllAdded() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    group.addFile("a", 1).complete();
    assertThat(group.isDone()).isFalse(); // more files may come
    GroupFile b = group.addFile("b", 1);
    assertThat(group.snapshot().totalFiles()).isEqualTo(2);
    assertThat(group.snapshot().completedFiles()).isEqualTo(1);
    assertThat(group.complete()).isFalse(); // b still runs: complete() is allAdded()
    assertThat(b.complete()).isTrue();
    assertThat(group.status()).isEqualTo(Status.COMPLETED);
    assertThatThrownBy(() -> group.addFile("c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allAdded()");
  }

  @Test
  void emptyGroup_completesAtAllAdded() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    assertThat(group.complete()).isTrue();
    assertThat(last(group.id()).totalFiles()).isZero();
  }

  @Test
  void stepRanges_mapEachStepAndItsProgressIntoItsRange() {
    FileGroup group = group(RANGES, false);
    GroupFile file = group.addFile("a.mov", 1000);
    assertThat(file.snapshot().percentage()).isZero(); // pending

    file.start();
    assertThat(file.step()).contains("upload"); // a started file is at the first step
    file.advance(500); // half the upload's bytes: half of 0-10 %
    assertThat(file.snapshot().percentage()).isCloseTo(5.0, within(1e-9));
    file.advance(500);
    assertThat(file.snapshot().percentage()).isCloseTo(10.0, within(1e-9));

    file.step("queue");
    assertThat(file.snapshot().percentage()).isCloseTo(10.0, within(1e-9)); // the step's start
    file.step("processing");
    assertThat(file.snapshot().percentage()).isCloseTo(40.0, within(1e-9));
    file.step("processing", 0.5);
    assertThat(file.snapshot().percentage()).isCloseTo(60.0, within(1e-9));
    file.fraction(0.75); // within the current step
    assertThat(file.snapshot().percentage()).isCloseTo(70.0, within(1e-9));
    assertThat(file.snapshot().step()).contains("processing");
    file.step("cleanup", 1);
    assertThat(file.snapshot().percentage()).isCloseTo(99.0, within(1e-9));
    file.complete();
    assertThat(file.snapshot().percentage()).isEqualTo(100.0);
  }

  @Test
  void groupPercentage_weighsFilesBySize() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile big = group.addFile("big", 3L << 20);
    GroupFile small = group.addFile("small", 1L << 20);
    big.start();
    small.start();
    big.advance(3L << 20); // the big file is done, the small one not started moving
    assertThat(group.snapshot().percentage()).isCloseTo(75.0, within(1e-6));
  }

  @Test
  void unknownStep_namesTheAcceptedWords() {
    FileGroup group = group(RANGES, false);
    GroupFile file = group.addFile("a");
    assertThatThrownBy(() -> file.step("uploading"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown step 'uploading' (accepted: upload, queue, processing, cleanup)");
    assertThatThrownBy(() -> file.step("completed"))
        .hasMessageContaining("a file ends with complete() or fail(message)");
  }

  @Test
  void invalidRanges_sayWhichRangeIsBad() {
    assertThatThrownBy(() -> FileSteps.of("upload", -5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("step 'upload' -5-10 %");
    assertThatThrownBy(() -> FileSteps.of("upload", 0, 101)).hasMessageContaining("0-101 %");
    assertThatThrownBy(() -> FileSteps.of("upload", 20, 10)).hasMessageContaining("20-10 %");
    assertThatThrownBy(() -> FileSteps.of("upload", 0, 10).then("queue", 5, 20))
        .hasMessage(
            "step 'queue' 5-20 % overlaps step 'upload' 0-10 %: ranges follow each other in order");
    assertThatThrownBy(() -> FileSteps.of("upload", 0, Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> FileSteps.of("upload", 0, 10).then("upload", 10, 20))
        .hasMessage("step 'upload' is given twice");
    assertThatThrownBy(() -> FileSteps.words("a").then("b", 0, 10))
        .hasMessageContaining("has no ranges");
    assertThatThrownBy(() -> FileSteps.words("completed"))
        .hasMessageContaining("word of a file that ended");
    assertThat(FileSteps.of("a", 0, 10).then("b", 10, 10).then("c", 30, 100).steps()).hasSize(3);
  }

  @Test
  void endWords_areTheGroupsOwn() {
    FileGroup group = group(FileSteps.words("sending").endWords("done", "failed"), false);
    GroupFile a = group.addFile("a");
    GroupFile b = group.addFile("b");
    a.complete();
    b.fail(new IllegalStateException("no route"));
    assertThat(last(a.id()).step()).contains("done");
    assertThat(last(b.id()).step()).contains("failed");
    assertThat(last(b.id()).message()).contains("no route");
  }

  @Test
  void fileEvents_carryTheStepWordAndMessage() {
    FileGroup group = group(FileSteps.DEFAULT, false);
    GroupFile a = group.addFile("a", 10);
    a.step("queued");
    a.message("position 3");
    time.advance(java.time.Duration.ofSeconds(2));
    tracker.sample();
    ProgressEvent seen = last(a.id());
    assertThat(seen.step()).contains("queued");
    assertThat(seen.message()).contains("position 3");
  }

  @Test
  void concurrentAddsAndEnds_fromEightThreads_countExactly() throws Exception {
    FileGroup group = group(FileSteps.DEFAULT, false);
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    GroupFile file = group.addFile("f" + thread + "-" + i, i);
                    file.step("uploading");
                    file.advance(i);
                    if (i % 10 == 0) {
                      file.fail("bad " + i);
                    } else {
                      file.complete();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    group.allAdded();

    assertThat(group.totalFiles()).isEqualTo(threads * perThread);
    assertThat(group.completedFiles()).isEqualTo(threads * perThread);
    assertThat(group.failedFiles()).isEqualTo(threads * perThread / 10);
    assertThat(group.files()).hasSize(threads * perThread);
    ProgressEvent end = last(group.id());
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.completedFiles()).isEqualTo(threads * perThread);
    assertThat(end.totalFiles()).isEqualTo(threads * perThread);
  }
}
