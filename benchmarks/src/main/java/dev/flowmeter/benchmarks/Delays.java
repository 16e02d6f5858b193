// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Every delay one client measured, in microseconds, with the arrival it ended at (microseconds
 * since the epoch), kept whole so that the percentiles are exact, over the whole run or from a
 * moment on. Not thread-safe: one client records, and the report reads after the client stopped.
 */
final class Delays {
  private long[] micros = new long[1024];
  private long[] arrivals = new long[1024];
  private int size;

  void record(long arrivalMicros, long delayMicros) {
    if (size == micros.length) {
      micros = Arrays.copyOf(micros, size * 2);
      arrivals = Arrays.copyOf(arrivals, size * 2);
    }
    arrivals[size] = arrivalMicros;
    micros[size++] = delayMicros;
  }

  int size() {
    return size;
  }

  /** The delays of all {@code parts}, sorted. */
  static long[] sorted(Collection<Delays> parts) {
    return sorted(parts, Long.MIN_VALUE);
  }

  /** The delays of all {@code parts} that ended at {@code fromMicros} or later, sorted. */
  static long[] sorted(Collection<Delays> parts, long fromMicros) {
    long[] all = new long[parts.stream().mapToInt(Delays::size).sum()];
    int at = 0;
    for (Delays part : parts) {
      for (int i = 0; i < part.size; i++) {
        if (part.arrivals[i] >= fromMicros) {
          all[at++] = part.micros[i];
        }
      }
    }
    long[] kept = Arrays.copyOf(all, at);
    Arrays.sort(kept);
    return kept;
  }

  /** The nearest-rank {@code percent} percentile of {@code sorted}, in milliseconds; 0 if empty. */
  static double percentileMillis(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }

  /** {@code p50 P ms, p90 P ms, p99 P ms, max M ms} of {@code sorted}; {@code none} if empty. */
  static String summary(long[] sorted) {
    if (sorted.length == 0) {
      return "none";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
        percentileMillis(sorted, 50),
        percentileMillis(sorted, 90),
        percentileMillis(sorted, 99),
        percentileMillis(sorted, 100));
  }
}
