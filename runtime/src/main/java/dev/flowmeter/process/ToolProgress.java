// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.Locale;

/**
 * What one line of an external tool's output says about its progress.
 *
 * <p>Every part may be unknown: a byte count is {@code -1} when the tool did not state it, the
 * fraction and the speed are {@link Double#NaN}. The constructor normalises what it is given, so an
 * instance always holds a fraction in {@code [0, 1]} or NaN, byte counts of at least {@code -1} and
 * a finite, non-negative speed or NaN: a parser fed a line with absurd numbers cannot produce an
 * absurd value.
 *
 * <p>When the tool states bytes and a total but no fraction, the fraction is derived from them.
 *
 * @param bytesDone the bytes the tool has moved so far, or {@code -1} if unknown
 * @param totalBytes the bytes the tool will move in all, or {@code -1} if unknown
 * @param fraction the part done, from {@code 0} to {@code 1}, or NaN if unknown
 * @param bytesPerSecond the tool's current speed in bytes per second, or NaN if unknown
 */
public record ToolProgress(
    long bytesDone, long totalBytes, double fraction, double bytesPerSecond) {

  /** Normalises the parts: out-of-range values become unknown, fractions are clamped to 0..1. */
  public ToolProgress {
    bytesDone = bytesDone < 0 ? -1 : bytesDone;
    totalBytes = totalBytes < 0 ? -1 : totalBytes;
    if (Double.isNaN(fraction) && bytesDone >= 0 && totalBytes > 0) {
      fraction = (double) bytesDone / totalBytes;
    }
    fraction = Double.isNaN(fraction) ? Double.NaN : Math.max(0.0, Math.min(1.0, fraction));
    bytesPerSecond =
        Double.isFinite(bytesPerSecond) && bytesPerSecond >= 0 ? bytesPerSecond : Double.NaN;
  }

  /** Returns a progress that states only a fraction. */
  static ToolProgress ofFraction(double fraction) {
    return new ToolProgress(-1, -1, fraction, Double.NaN);
  }

  /** Returns {@code ToolProgress[bytes=462848/1048576, fraction=0.4414, speed=1263616/s]}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ToolProgress[bytes=%s/%s, fraction=%s, speed=%s]",
        bytesDone < 0 ? "?" : Long.toString(bytesDone),
        totalBytes < 0 ? "?" : Long.toString(totalBytes),
        Double.isNaN(fraction) ? "?" : String.format(Locale.ROOT, "%.4f", fraction),
        Double.isNaN(bytesPerSecond) ? "?" : String.format(Locale.ROOT, "%.0f/s", bytesPerSecond));
  }
}
