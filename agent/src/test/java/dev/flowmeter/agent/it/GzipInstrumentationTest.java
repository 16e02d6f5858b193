// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GZIPOutputStream}/{@code GZIPInputStream} on file streams: children of the file's; a
 * stream of unknown total ends with its close, and a read of a truncated file fails both.
 */
final class GzipInstrumentationTest {
  private static final int SIZE = 2 * 1024 * 1024 + 3;

  @TempDir static Path dir;

  @Test
  void gzipStreams_areChildTransfersEndedByTheirOwnEndsAndLeaveOutputUnchanged() throws Exception {
    Path file = dir.resolve("data.gz");
    Forked plain = run(null, file);
    Path csv = dir.resolve("gzip.csv");
    Path jsonl = dir.resolve("gzip.jsonl");
    Forked agent = run("flowmeter.sinks=csv:" + csv + ",jsonl:" + jsonl, file);

    assertThat(agent.exit).isZero();
    assertThat(agent.out)
        .isEqualTo(plain.out)
        .contains("gunzip " + SIZE)
        .contains("cut: java.io.EOFException: Unexpected end of ZLIB input stream");
    assertThat(agent.agentLines()).isEmpty();
    // total unknown: the end of the stream is not the end of the transfer, its close is
    assertThat(agent.err).contains("at end of stream: running\n", "after close: ended\n");
    List<String[]> finals = Csv.finals(csv);
    // the truncated file's row: its own bytes over its size (all of it was read), not the share of
    // the gunzip stream that failed on it (uncompressed bytes, total unknown)
    Csv.assertNumbersAgree(finals);
    // the truncated file, and the gunzip stream that read it, failed; nothing else did
    String cut = file + ".cut";
    assertThat(Csv.failed(finals)).containsExactlyInAnyOrder(cut, cut + " (gunzip)");
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals(cut) && r[Csv.OPERATION].equals("read"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo(Csv.ERROR));
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals(file + " (gzip)"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("write"))
        .satisfies(r -> Csv.assertMadeBy(r, "agent.zip", "write"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals(file + " (gunzip)"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("read"))
        .satisfies(r -> Csv.assertMadeBy(r, "agent.zip", "read"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    // (a completed transfer of unknown total reports what it moved as its total)
    // the file's own write and reads are shown too (the second read makes the truncated copy)
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals(file.toString()))
        .extracting(r -> r[Csv.OPERATION] + " " + r[Csv.STATUS])
        .containsExactlyInAnyOrder("write completed", "read completed", "read completed");
    List<String> lines = Files.readAllLines(jsonl);
    for (String name : List.of(file + " (gzip)", file + " (gunzip)")) {
      assertThat(lines)
          .filteredOn(l -> l.contains("\"" + name + "\""))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).containsPattern("\"parentId\":[1-9]"));
    }
  }

  @Test
  void disabled_reportsNoGzipTransfer() throws Exception {
    Path file = dir.resolve("off.gz");
    Path csv = dir.resolve("gzip-off.csv");
    Forked agent =
        run("flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.zip.enabled=false", file);
    assertThat(agent.exit).isZero();
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].endsWith("gzip)"));
    assertThat(Forked.csv(csv)).anyMatch(r -> r[Csv.NAME].equals(file.toString()));
  }

  private static Forked run(String agentArguments, Path file) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        GzipProgram.class.getName(),
        file.toString(),
        String.valueOf(SIZE));
  }
}
