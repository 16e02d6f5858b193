// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speed and ETA come from measured counts and time; an unknown total stays unknown. */
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
    Transfer t = new TransferBuilder(tracker).name("f").totalBytes(10_000_000).start();
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
    Transfer t = new TransferBuilder(tracker).name("f").totalBytes(100_000_000).start();
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
    Transfer t = new TransferBuilder(averaging).name("f").totalBytes(100_000_000).start();
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
    Transfer t = new TransferBuilder(tracker).name("f").totalBytes(100_000_000).start();
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
    Transfer t = new TransferBuilder(tracker).name("f").totalBytes(10_000_000).start();
    run(t, 100_000, 20);
    run(t, 0, 50); // nothing for 5 s
    ProgressEvent e = t.snapshot();
    assertThat(e.speed()).isZero();
    assertThat(e.eta()).isEmpty();
    assertThat(e.averageSpeed()).isCloseTo(2_000_000 / 7.0, within(1.0));
  }

  @Test
  void unknownTotal_neverGuessed_thenKnownOnCompletion() {
    Transfer t = new TransferBuilder(tracker).name("f").start();
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
  void failedTransfer_keepsItsUnknownTotal() {
    Transfer t = new TransferBuilder(tracker).name("f").start();
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
    Transfer t = new TransferBuilder(tracker).name("f").totalBytes(1000).start();
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
      Transfer t = new TransferBuilder(bounded).name("t" + i).start();
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
}
