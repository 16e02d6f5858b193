// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.ManualTime;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 4: speed and ETA come from measured counts and time, an unknown total stays unknown, and
 * the count is what really moved (finding "Numbers that are not honest" of issue 7).
 */
final class HonestNumbersTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  /** Moves {@code perTick} units every 100 ms for {@code ticks} ticks, sampling each tick. */
  private void run(Transfer t, long perTick, int ticks) {
    for (int i = 0; i < ticks; i++) {
      t.advance(perTick);
      time.advance(Duration.ofMillis(100));
      tracker.sample();
    }
  }

  @Test
  void steadyRate_speedAndEtaMatchIt() {
    Transfer t = tracker.builder().name("f").totalBytes(10_000_000).start();
    run(t, 100_000, 20); // 1 MB/s for 2 s
    ProgressEvent e = t.snapshot();
    assertThat(e.bytes()).isEqualTo(2_000_000);
    assertThat(e.percentage()).isCloseTo(20.0, within(1e-9));
    assertThat(e.speed()).isCloseTo(1_000_000, within(1.0));
    assertThat(e.averageSpeed()).isCloseTo(1_000_000, within(1.0));
    assertThat(e.eta())
        .hasValueSatisfying(eta -> assertThat(eta.toMillis()).isBetween(7999L, 8001L));
    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void rateChange_currentSpeedFollowsAverageLags() {
    Transfer t = tracker.builder().name("f").totalBytes(100_000_000).start();
    run(t, 100_000, 50); // 1 MB/s for 5 s
    run(t, 400_000, 50); // then 4 MB/s for 5 s
    ProgressEvent e = t.snapshot();
    assertThat(e.averageSpeed()).isCloseTo(2_500_000, within(1.0));
    // with the default smoothing (0.5 per second) five seconds is nearly all the new rate
    assertThat(e.speed()).isCloseTo(4_000_000, within(4_000_000 * 0.05));
  }

  @Test
  void smoothingZero_showsTheAverage() {
    Tracker.Settings settings =
        new Tracker.Settings(
            Duration.ofMillis(100), 0, Duration.ofHours(1), 10, Duration.ofSeconds(1), 5);
    Tracker averaging = time.tracker(settings);
    Transfer t = averaging.builder().name("f").totalBytes(100_000_000).start();
    for (int i = 0; i < 50; i++) {
      t.advance(i < 25 ? 100_000 : 400_000);
      time.advance(Duration.ofMillis(100));
      averaging.sample();
    }
    ProgressEvent e = t.snapshot();
    assertThat(e.speed()).isEqualTo(e.averageSpeed());
    averaging.shutdown();
  }

  @Test
  void sparseSteps_rateMeasuredAcrossTheGap() {
    Transfer t = tracker.builder().name("f").totalBytes(100_000_000).start();
    // 3 MB arrive every 3 s while the reporter samples every 100 ms: 1 MB/s, not 0 then 30 MB/s
    for (int step = 0; step < 5; step++) {
      for (int i = 0; i < 30; i++) {
        time.advance(Duration.ofMillis(100));
        tracker.sample();
      }
      t.advance(3_000_000);
      tracker.sample();
    }
    assertThat(t.snapshot().speed()).isCloseTo(1_000_000, within(1_000.0));
  }

  @Test
  void stalled_speedZeroAndEtaUnknown() {
    Transfer t = tracker.builder().name("f").totalBytes(10_000_000).start();
    run(t, 100_000, 20);
    run(t, 0, 50); // nothing for 5 s
    ProgressEvent e = t.snapshot();
    assertThat(e.speed()).isZero();
    assertThat(e.eta()).isEmpty();
    assertThat(e.averageSpeed()).isCloseTo(2_000_000 / 7.0, within(1.0));
  }

  @Test
  void unknownTotal_neverGuessed_thenKnownOnCompletion() {
    Transfer t = tracker.builder().name("f").start();
    run(t, 1000, 10);
    ProgressEvent running = t.snapshot();
    assertThat(running.isTotalKnown()).isFalse();
    assertThat(running.totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
    assertThat(running.percentage()).isEqualTo(-1);
    assertThat(running.eta()).isEmpty();
    assertThat(running.estimatedCompletion()).isEmpty();
    t.complete();
    ProgressEvent done = t.snapshot();
    assertThat(done.totalBytes()).isEqualTo(10_000);
    assertThat(done.percentage()).isEqualTo(100.0);
    assertThat(done.eta()).contains(Duration.ZERO);
  }

  @Test
  void endedTransfer_totalSetLater_changesNothing() {
    for (Status end : new Status[] {Status.COMPLETED, Status.FAILED, Status.CANCELLED}) {
      Transfer t = tracker.builder().name("f").totalBytes(10).start();
      t.advance(10);
      endAs(t, end);
      ProgressEvent last = t.snapshot();

      t.totalBytes(99);
      t.advance(5);
      t.progress(50);
      t.fraction(0.3);

      assertThat(t.totalBytes()).as(end.toString()).isEqualTo(10);
      assertThat(t.bytes()).as(end.toString()).isEqualTo(10);
      assertThat(t.snapshot()).as(end.toString()).isEqualTo(last);
      assertThat(t.snapshot().totalBytes()).isEqualTo(10);
    }
  }

  @Test
  void closedStream_readAgain_readPassesThroughButTheCountStaysFrozen() throws IOException {
    for (Status end : new Status[] {Status.COMPLETED, Status.FAILED, Status.CANCELLED}) {
      InputStream in =
          tracker.builder().name("f").wrap(new ByteArrayInputStream(new byte[] {1, 2, 3}));
      Transfer t = ((Counted) in).transfer();
      if (end == Status.COMPLETED) {
        in.close();
      } else {
        endAs(t, end);
      }
      ProgressEvent last = t.snapshot();

      if (end != Status.CANCELLED) { // a cancelled wrapper refuses further reads
        assertThat(in.read()).isEqualTo(1); // ByteArrayInputStream reads on after close()
        assertThat(in.read(new byte[2])).isEqualTo(2);
      }

      assertThat(t.bytes()).as(end.toString()).isZero();
      assertThat(t.snapshot()).as(end.toString()).isEqualTo(last);
      assertThat(last.bytes()).isZero();
    }
  }

  private static void endAs(Transfer t, Status end) {
    switch (end) {
      case COMPLETED -> t.complete();
      case FAILED -> t.fail("x");
      default -> t.cancel("x");
    }
  }

  @Test
  void failedTransfer_keepsItsUnknownTotal() {
    Transfer t = tracker.builder().name("f").start();
    t.advance(10);
    t.fail(new java.io.IOException("disk full"));
    ProgressEvent e = t.snapshot();
    assertThat(e.status()).isEqualTo(Status.FAILED);
    assertThat(e.error()).contains("disk full");
    assertThat(e.isTotalKnown()).isFalse();
    assertThat(e.eta()).isEmpty();
  }

  @Test
  void firstSamples_useTheAverage() {
    Transfer t = tracker.builder().name("f").totalBytes(1000).start();
    time.advance(Duration.ofMillis(500));
    t.advance(100);
    tracker.sample();
    ProgressEvent e = t.snapshot();
    assertThat(e.speed()).isEqualTo(e.averageSpeed());
    assertThat(e.speed()).isCloseTo(200, within(1e-9));
    assertThat(e.status()).isEqualTo(Status.IN_PROGRESS);
  }

  @Test
  void retention_boundsFinishedTransfers() {
    Tracker.Settings settings =
        new Tracker.Settings(
            Duration.ofMillis(100), 0.5, Duration.ofMinutes(1), 100, Duration.ofSeconds(1), 5);
    Tracker bounded = time.tracker(settings);
    for (int i = 0; i < 5000; i++) {
      Transfer t = bounded.builder().name("t" + i).start();
      t.advance(1);
      t.complete();
    }
    assertThat(bounded.activeCount()).isZero();
    assertThat(bounded.finishedCount()).isEqualTo(100);
    time.advance(Duration.ofMinutes(2));
    bounded.sample();
    assertThat(bounded.finishedCount()).isZero();
    assertThat(bounded.snapshots()).isEmpty();
    bounded.shutdown();
  }

  @Test
  void skipPastTheEndOfAFile_countsOnlyWhatTheFileHad(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("ten.bin"), new byte[10]);
    TransferImpl transfer = (TransferImpl) tracker.builder().start(); // total unknown
    try (InputStream in =
        CountingInputStream.create(new FileInputStream(file.toFile()), transfer)) {
      assertThat(in.read()).isZero();

      assertThat(in.skip(1000)).isEqualTo(1000); // what FileInputStream itself answers
      assertThat(in.read()).isEqualTo(-1);
    }

    assertThat(transfer.bytes()).isEqualTo(10);
  }

  @Test
  void skipPastTheKnownTotal_countsUpToTheTotal(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("ten.bin"), new byte[10]);
    TransferImpl transfer = (TransferImpl) tracker.builder().totalBytes(10).start();
    // BufferedInputStream passes a skip on to the file stream when its buffer is empty
    try (InputStream in =
        CountingInputStream.create(
            new BufferedInputStream(new FileInputStream(file.toFile())), transfer)) {
      in.skipNBytes(4);
      in.skip(1000);
    }

    assertThat(transfer.bytes()).isEqualTo(10);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void callersOwnArgumentErrors_doNotFailTheTransfer() throws IOException {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(new byte[10]), transfer);

    assertThat(catchThrowable(() -> in.read(new byte[4], 0, -1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(catchThrowable(() -> in.transferTo(null))).isInstanceOf(NullPointerException.class);
    assertThat(catchThrowable(() -> in.read(null))).isInstanceOf(NullPointerException.class);

    assertThat(transfer.status()).isEqualTo(Status.STARTING);
    assertThat(in.readAllBytes()).hasSize(10);
    in.close();
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void callersNegativeSkipOnAReader_doesNotFailTheTransfer() throws IOException {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    Reader in = CountingReader.create(new BufferedReader(new StringReader("abc")), transfer);

    assertThat(catchThrowable(() -> in.skip(-1))).isInstanceOf(IllegalArgumentException.class);

    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }

  @Test
  void anIoExceptionStillFails() {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    InputStream in =
        CountingInputStream.create(
            new StreamFixtures.FailingInputStream(new byte[10], 0), transfer);

    assertThat(catchThrowable(() -> in.read(new byte[4], 0, 4))).isInstanceOf(IOException.class);

    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void streamWrappedTwice_isOneTransfer() throws IOException {
    InputStream once = tracker.builder().name("first").wrap(new ByteArrayInputStream(new byte[10]));
    InputStream twice = tracker.builder().name("second").totalBytes(99).wrap(once);

    assertThat(twice.readAllBytes()).hasSize(10);
    twice.close();

    assertThat(tracker.snapshots())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("first");
              assertThat(e.bytes()).isEqualTo(10);
            });
  }

  @Test
  void writeOfANullString_behavesAsTheRawWriter() throws IOException {
    StringWriter raw = new StringWriter();
    raw.write((String) null); // StringWriter writes "null"
    StringWriter inner = new StringWriter();
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    Writer wrapped = CountingWriter.create(inner, transfer);

    wrapped.write((String) null);

    assertThat(inner.toString()).isEqualTo(raw.toString()).isEqualTo("null");
    assertThat(transfer.bytes()).isEqualTo(4);
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }
}
