// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RandomAccessFile.writeBytes(String)} and {@code writeChars(String)} write through a
 * private method of their own, not through {@code write}: on JDK 17 and 25 the agent reported
 * neither, 3 MiB and 6 MiB written unseen.
 */
final class RandomAccessFileTextTest {
  private static final int CHARACTERS = 3 * 1024 * 1024 + 11;

  @TempDir Path temp;

  @Test
  void writeBytesAndWriteChars_areReportedWithTheirBytes() throws Exception {
    Path dir = temp.toRealPath();
    Path csv = dir.resolve("text.csv");
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            RandomAccessFileTextProgram.class.getName(),
            dir.toString(),
            String.valueOf(CHARACTERS));
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(agent.out.lines())
        .containsExactly(
            "moved write " + CHARACTERS + " " + dir.resolve("bytes.txt"),
            "moved write " + 2L * CHARACTERS + " " + dir.resolve("chars.txt"));
    CsvRows rows = CsvRows.of(csv);
    for (String name : List.of("bytes.txt", "chars.txt")) {
      String[] row = rows.last(dir.resolve(name).toString());
      long bytes = name.equals("bytes.txt") ? CHARACTERS : 2L * CHARACTERS;
      assertThat(row[CsvRows.OPERATION]).isEqualTo("write");
      assertThat(row[CsvRows.STATUS]).as(String.join(",", row)).isEqualTo(Csv.COMPLETED);
      assertThat(row[CsvRows.BYTES]).as(String.join(",", row)).isEqualTo(String.valueOf(bytes));
    }
  }
}
