// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Every delay one client measured, in microseconds, kept whole so that the percentiles are exact.
 * Not thread-safe: one client records, and the report reads after the client stopped.
 */
final class Delays {
  private long[] micros = new long[1024];
  private int size;

  void record(long delayMicros) {
    if (size == micros.length) {
      micros = Arrays.copyOf(micros, size * 2);
    }
    micros[size++] = delayMicros;
  }

  int size() {
    return size;
  }

  /** The delays of all {@code parts}, sorted. */
  static long[] sorted(Collection<Delays> parts) {
    long[] all = new long[parts.stream().mapToInt(Delays::size).sum()];
    int at = 0;
    for (Delays part : parts) {
      System.arraycopy(part.micros, 0, all, at, part.size);
      at += part.size;
    }
    Arrays.sort(all);
    return all;
  }

  /** The nearest-rank {@code percent} percentile of {@code sorted}, in milliseconds; 0 if empty. */
  static double percentileMillis(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }

  /** {@code p50 P ms, p90 P ms, p99 P ms, max M ms} of {@code sorted}. */
  static String summary(long[] sorted) {
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
        percentileMillis(sorted, 50),
        percentileMillis(sorted, 90),
        percentileMillis(sorted, 99),
        percentileMillis(sorted, 100));
  }
}
