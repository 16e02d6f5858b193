// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The CSV sink's columns and the checks the instrumentation tests share. */
final class Csv {
  static final int OPERATION = 1;
  static final int NAME = 2;
  static final int PERCENT = 3;
  static final int BYTES = 4;
  static final int TOTAL = 5;
  static final int STATUS = 7;
  static final int SOURCE = 13;
  static final int DIRECTION = 14;

  /**
   * The CSV sink's final status words ({@code CsvSink.statusWord}): a failed transfer is written
   * {@code error}, never {@code failed}.
   */
  static final String COMPLETED = "completed";

  static final String ERROR = "error";
  static final String CANCELLED = "cancelled";

  private static final Set<String> FINAL = Set.of(COMPLETED, ERROR, CANCELLED);
  private static final Set<String> WORDS =
      Set.of("starting", "progress", "saving", COMPLETED, ERROR, CANCELLED);

  private Csv() {}

  /** Asserts that the transfer of {@code row} was made by the agent's {@code source} path. */
  static void assertMadeBy(String[] row, String source, String direction) {
    assertThat(row).as("a row of source and direction").hasSizeGreaterThan(DIRECTION);
    assertThat(row[SOURCE] + " " + row[DIRECTION])
        .as("source and direction of %s", row[NAME])
        .isEqualTo(source + " " + direction);
  }

  /**
   * The rows with a final status (completed, error, cancelled). Fails on a status word the CSV sink
   * does not write, so that a filter can never silently drop rows by a misspelt word.
   */
  static List<String[]> finals(Path csv) throws IOException {
    List<String[]> rows = Forked.csv(csv);
    assertThat(rows).allSatisfy(r -> assertThat(r[STATUS]).as("a CSV status word").isIn(WORDS));
    return rows.stream().filter(r -> FINAL.contains(r[STATUS])).collect(Collectors.toList());
  }

  /**
   * The names of the transfers among {@code finals} that failed: a test asserts that there are
   * none, or exactly those it provoked.
   */
  static List<String> failed(List<String[]> finals) {
    return finals.stream()
        .filter(r -> r[STATUS].equals(ERROR))
        .map(r -> r[NAME])
        .collect(Collectors.toList());
  }

  /**
   * The final rows' numbers never contradict one another: where the total is known, the percentage
   * is the bytes over the total (in tenths, rounded down, as the sink writes it), whatever the
   * status, so a file's row never shows the share of what its children counted in other units (a
   * completed row shows the share that really moved, as every path does: a reader that closed early
   * completes below 100 %); where the total is unknown, the percentage is too.
   */
  static void assertNumbersAgree(List<String[]> finals) {
    assertThat(finals).isNotEmpty();
    for (String[] r : finals) {
      String as = String.join(",", r);
      if (r[TOTAL].isEmpty()) {
        assertThat(r[PERCENT]).as(as).isEmpty();
        continue;
      }
      long bytes = Long.parseLong(r[BYTES]);
      long total = Long.parseLong(r[TOTAL]);
      long tenths = bytes >= total ? 1000 : bytes * 1000 / total;
      assertThat(r[PERCENT]).as(as).isEqualTo(tenths / 10 + "." + tenths % 10);
    }
  }

  static void assertCompleted(String[] row, long bytes, long total) {
    assertThat(row[STATUS]).isEqualTo(COMPLETED);
    assertThat(row[BYTES]).isEqualTo(String.valueOf(bytes));
    assertThat(row[TOTAL]).isEqualTo(total < 0 ? "" : String.valueOf(total));
  }
}
