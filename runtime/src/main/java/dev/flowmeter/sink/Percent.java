// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import java.math.BigInteger;

/**
 * Percentages rounded down, computed from the counts rather than from a {@code double}.
 *
 * <p>Rounding down keeps numbers honest: 99.96 % is shown as {@code 99.9}, never as {@code 100.0}
 * before the transfer is done. Integer arithmetic avoids the binary fraction errors that would turn
 * an exact 14.3 % into {@code 14.2} when multiplied and floored as a double.
 *
 * <p>Every built-in sink that prints a percentage with decimals takes it from here, so a sink of
 * your own that does the same shows the same number as the {@code csv}, {@code json} and {@code
 * log} sinks for the same event.
 *
 * <p>Stateless and thread-safe.
 */
public final class Percent {
  private Percent() {}

  /**
   * The percentage of {@code event} in units of {@code 1/scale} percent (scale 10 gives tenths),
   * rounded down; {@code 100 * scale} when the count reached the total or the total is zero; {@code
   * -1} when the share done is unknown. The share is the one the tracker stored in the event
   * ({@link ProgressEvent#fraction()}: a caller's fraction, or a parent's weighted mean of its
   * children), computed from the counts with integer arithmetic when it agrees with them. For
   * example {@code floor(event, 100)} is {@code 4299} for 42.99 %.
   *
   * @param scale how many parts a percent is divided into: 1, 10, 100 and so on; positive
   * @throws IllegalArgumentException when {@code scale} is not positive
   */
  public static long floor(ProgressEvent event, int scale) {
    if (scale <= 0) {
      throw new IllegalArgumentException("scale must be positive: " + scale);
    }
    long full = 100L * scale;
    long counted = fromCounts(event, full);
    double fraction = event.fraction();
    if (Double.isNaN(fraction)) {
      return counted; // an event built by hand: the counts say it
    }
    if (fraction < 0) {
      return -1;
    }
    long shared =
        fraction >= 1 ? full : Math.min(full - 1, (long) Math.floor(fraction * full + 1e-9));
    // the tracker's share agrees with the counts (to rounding): the exact integer figure wins
    return counted >= 0 && Math.abs(counted - shared) <= 1 ? counted : shared;
  }

  private static long fromCounts(ProgressEvent event, long full) {
    long bytes = Math.max(0, event.bytes());
    long total = event.totalBytes();
    if (total < 0) {
      return -1;
    }
    if (total == 0 || bytes >= total) {
      return full;
    }
    try {
      return Math.multiplyExact(bytes, full) / total;
    } catch (ArithmeticException e) {
      return BigInteger.valueOf(bytes)
          .multiply(BigInteger.valueOf(full))
          .divide(BigInteger.valueOf(total))
          .longValue();
    }
  }

  /** The percentage with one decimal, rounded down, as {@code 42.0}; empty when unknown. */
  public static String oneDecimal(ProgressEvent event) {
    long tenths = floor(event, 10);
    return tenths < 0 ? "" : (tenths / 10) + "." + (tenths % 10);
  }
}
