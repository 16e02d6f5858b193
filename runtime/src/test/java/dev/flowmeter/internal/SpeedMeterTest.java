// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The speed meter alone, driven with hand-made times (nanoseconds) and counts. */
final class SpeedMeterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 5 * SECOND; // an arbitrary start: only differences count
  private static final double AVERAGE = 12_345; // what the caller computed; shown as is

  private static long at(double seconds) {
    return T0 + Math.round(seconds * SECOND);
  }

  private static SpeedMeter started(double smoothing) {
    SpeedMeter meter = new SpeedMeter(smoothing);
    meter.start(T0);
    return meter;
  }

  @Test
  void speed_beforeTwoChanges_isTheAverage() {
    SpeedMeter meter = started(0.5);
    assertThat(meter.speed(at(0.5), AVERAGE)).isEqualTo(AVERAGE);

    meter.sample(at(1), 1_000);

    assertThat(meter.speed(at(1), AVERAGE)).isEqualTo(AVERAGE);
  }

  @Test
  void firstRate_seedsTheAverage_andTheSecondIsBlendedByTheSmoothing() {
    SpeedMeter meter = started(0.5);

    meter.sample(at(1), 1_000); // 1000/s seeds the average as it is
    meter.sample(at(2), 3_000); // 2000/s over 1 s: weight 1 - (1 - 0.5)^1 = 0.5

    assertThat(meter.speed(at(2), AVERAGE)).isCloseTo(1_500, within(1e-6));
  }

  @Test
  void weight_growsWithTheTimeARateCovers() {
    SpeedMeter meter = started(0.5);

    meter.sample(at(1), 1_000); // 1000/s
    meter.sample(at(3), 5_000); // 2000/s over 2 s: weight 1 - 0.5^2 = 0.75

    assertThat(meter.speed(at(3), AVERAGE)).isCloseTo(1_750, within(1e-6));
  }

  @Test
  void sameRateSampledTwiceAsOften_givesTheSameSpeed() {
    SpeedMeter everySecond = started(0.3);
    SpeedMeter everyHalfSecond = started(0.3);
    everySecond.sample(at(1), 1_000);
    everyHalfSecond.sample(at(1), 1_000);

    for (int s = 2; s <= 4; s++) { // then 5000/s
      everySecond.sample(at(s), 1_000 + 5_000L * (s - 1));
      everyHalfSecond.sample(at(s - 0.5), 1_000 + 5_000L * (s - 1) - 2_500);
      everyHalfSecond.sample(at(s), 1_000 + 5_000L * (s - 1));
    }

    double speed = everySecond.speed(at(4), AVERAGE);
    assertThat(speed).isBetween(1_000.0, 5_000.0); // on its way, neither old nor new
    assertThat(everyHalfSecond.speed(at(4), AVERAGE)).isCloseTo(speed, within(1e-6));
  }

  @Test
  void smoothingOne_showsTheLatestRate() {
    SpeedMeter meter = started(1);

    meter.sample(at(1), 1_000);
    meter.sample(at(2), 1_100); // 100/s
    meter.sample(at(2.5), 1_400); // 600/s

    assertThat(meter.speed(at(2.5), AVERAGE)).isCloseTo(600, within(1e-6));
  }

  @Test
  void smoothingZero_showsTheAverage() {
    SpeedMeter meter = started(0);

    meter.sample(at(1), 1_000);
    meter.sample(at(2), 9_000);

    assertThat(meter.speed(at(2), AVERAGE)).isEqualTo(AVERAGE);
  }

  @Test
  void sampleWithoutChange_doesNotMoveTheStartOfTheNextRate() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(1), 1_000); // 1000/s
    meter.sample(at(2), 1_000); // nothing moved: the next rate is measured from 1 s

    meter.sample(at(3), 5_000); // 4000 over 2 s = 2000/s, weight 0.75

    assertThat(meter.speed(at(3), AVERAGE)).isCloseTo(1_750, within(1e-6));
  }

  @Test
  void sparseLargeSteps_showTheirTrueRate() {
    SpeedMeter meter = started(0.5);

    for (int s = 2; s <= 10; s += 2) { // 2 MB every 2 s, sampled every second
      meter.sample(at(s - 1), 1_000_000L * (s - 2));
      meter.sample(at(s), 1_000_000L * s);
    }

    assertThat(meter.speed(at(10), AVERAGE)).isCloseTo(1_000_000, within(1e-3));
  }

  @Test
  void idleForMoreThanThreeUsualGaps_isAnHonestZero() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(2), 2_000);
    meter.sample(at(4), 4_000);
    meter.sample(at(6), 6_000); // a change every 2 s

    assertThat(meter.speed(at(11.5), AVERAGE)).isCloseTo(1_000, within(1e-6)); // 5.5 s: slow
    assertThat(meter.speed(at(12.5), AVERAGE)).isZero(); // 6.5 s > 3 gaps: stalled
  }

  @Test
  void idleShorterThanASecond_isNeverAStall() {
    SpeedMeter meter = started(0.5);
    for (int i = 1; i <= 10; i++) { // a change every 100 ms
      meter.sample(at(0.1 * i), 100L * i);
    }

    assertThat(meter.speed(at(1.9), AVERAGE)).isCloseTo(1_000, within(1e-6)); // 0.9 s
    assertThat(meter.speed(at(2.1), AVERAGE)).isZero(); // 1.1 s
  }

  @Test
  void movingAgainAfterAStall_showsASpeedAgain() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(1), 1_000);
    meter.sample(at(2), 2_000);
    assertThat(meter.speed(at(10), AVERAGE)).isZero();

    meter.sample(at(10), 3_000); // 1000 over the 8 s since the last change

    assertThat(meter.speed(at(10), AVERAGE)).isPositive();
  }

  @Test
  void countGoingBack_restartsTheMeasurementFromThere() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(1), 1_000); // 1000/s

    meter.sample(at(2), 500); // reset(): measure from here
    meter.sample(at(3), 2_500); // 2000/s over 1 s, weight 0.5

    assertThat(meter.speed(at(3), AVERAGE)).isCloseTo(1_500, within(1e-6));
  }

  @Test
  void changeWithNoTimePassed_isCountedWithTheNextSample() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(1), 1_000);

    meter.sample(at(1), 2_000); // no time to divide by: waits
    meter.sample(at(2), 3_000); // 2000 over 1 s

    assertThat(meter.speed(at(2), AVERAGE)).isCloseTo(1_500, within(1e-6));
  }

  @Test
  void start_forgetsEverything() {
    SpeedMeter meter = started(0.5);
    meter.sample(at(1), 1_000);
    meter.sample(at(2), 2_000);

    meter.start(at(100));

    assertThat(meter.speed(at(100), AVERAGE)).isEqualTo(AVERAGE);
    meter.sample(at(101), 7_000);
    meter.sample(at(102), 14_000);
    assertThat(meter.speed(at(102), AVERAGE)).isCloseTo(7_000, within(1e-6));
  }
}
