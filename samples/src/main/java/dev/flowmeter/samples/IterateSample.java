// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Items instead of bytes, for code that walks a list or a stream. */
public final class IterateSample {
  private IterateSample() {}

  public static void main(String[] args) {
    long[] counts =
        count(IntStream.range(0, 10_000).mapToObj(i -> "record-" + i).collect(Collectors.toList()));
    System.out.println("processed " + counts[0] + " records, " + counts[1] + " end in 7");
    Flowmeter.flush(1_000);
  }

  // README: iterate
  /** Walks {@code records} through a counted iterable, then filters them as a counted stream. */
  static long[] count(List<String> records) {
    long processed = 0;
    for (String record : Flowmeter.wrap(records)) { // a collection's size is the total
      processed += record.isEmpty() ? 0 : 1;
    }
    long endInSeven =
        Flowmeter.wrap(records.stream(), records.size()).filter(r -> r.endsWith("7")).count();
    return new long[] {processed, endInSeven};
  }

  // README: end
}
