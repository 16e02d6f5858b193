// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

/**
 * The current speed of one transfer: a time-weighted exponential moving average of measured rates.
 * Used by the reporter thread only.
 *
 * <p>A rate is measured between two samples at which the count changed, over the time between them,
 * so a counter that moves in large sparse steps still gives its true rate. The weight of a new rate
 * grows with the time it covers: with smoothing {@code s}, a rate measured over {@code dt} seconds
 * gets the weight {@code 1 - (1 - s)^dt}, so that one second of new data weighs {@code s} whatever
 * the sampling interval. Smoothing 1 shows the latest rate, smoothing 0 the average since the
 * start.
 *
 * <p>Honesty: until two changes have been seen the average is shown; when the count has not moved
 * for much longer than its usual gaps (three times the mean gap, at least a second) the transfer is
 * stalled and its speed is 0, so the ETA becomes unknown rather than stale.
 */
final class SpeedMeter {
  private final double smoothing;
  private long startNanos;
  private long lastChangeNanos;
  private long lastChangeCount;
  private int changes;
  private double ema;

  SpeedMeter(double smoothing) {
    this.smoothing = smoothing;
  }

  void start(long now) {
    startNanos = now;
    lastChangeNanos = now;
    lastChangeCount = 0;
    changes = 0;
    ema = 0;
  }

  void sample(long now, long count) {
    if (count == lastChangeCount) {
      return;
    }
    long dtNanos = now - lastChangeNanos;
    if (count < lastChangeCount) {
      // rewound by reset(): measure from here
      lastChangeCount = count;
      lastChangeNanos = now;
      return;
    }
    if (dtNanos <= 0) {
      return;
    }
    double dt = dtNanos / 1e9;
    double rate = (count - lastChangeCount) / dt;
    if (changes == 0) {
      ema = rate;
    } else {
      double alpha = 1 - Math.pow(1 - smoothing, dt);
      ema += alpha * (rate - ema);
    }
    changes++;
    lastChangeCount = count;
    lastChangeNanos = now;
  }

  /** The speed to show at {@code now}, given the average since the start. */
  double speed(long now, double average) {
    if (smoothing <= 0 || changes < 2) {
      return average;
    }
    double meanGap = (lastChangeNanos - startNanos) / (double) changes;
    if (now - lastChangeNanos > Math.max(3 * meanGap, 1e9)) {
      return 0;
    }
    return ema;
  }
}
