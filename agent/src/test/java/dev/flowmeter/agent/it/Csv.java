// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The CSV sink's columns and the checks the instrumentation tests share. */
final class Csv {
  static final int OPERATION = 1;
  static final int NAME = 2;
  static final int BYTES = 4;
  static final int TOTAL = 5;
  static final int STATUS = 7;

  private Csv() {}

  /** The rows with a final status (completed, failed, cancelled). */
  static List<String[]> finals(Path csv) throws IOException {
    return Forked.csv(csv).stream()
        .filter(
            r ->
                r[STATUS].equals("completed")
                    || r[STATUS].equals("failed")
                    || r[STATUS].equals("cancelled"))
        .collect(Collectors.toList());
  }

  static void assertCompleted(String[] row, long bytes, long total) {
    assertThat(row[STATUS]).isEqualTo("completed");
    assertThat(row[BYTES]).isEqualTo(String.valueOf(bytes));
    assertThat(row[TOTAL]).isEqualTo(total < 0 ? "" : String.valueOf(total));
  }
}
