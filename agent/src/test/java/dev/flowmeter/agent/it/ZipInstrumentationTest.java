// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ZipInputStream} entries under the built agent: child transfers of the archive's read; an
 * entry cut short fails, and so does the archive's read.
 */
final class ZipInstrumentationTest {
  private static final int SIZE = 2 * 1024 * 1024 + 3;

  @TempDir static Path dir;
  static Path archive;
  static Path cut;

  @BeforeAll
  static void archive() throws Exception {
    archive = dir.resolve("archive.zip");
    byte[] big = new byte[SIZE];
    new Random(5).nextBytes(big);
    try (OutputStream file = Files.newOutputStream(archive);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("docs/small.txt"));
      zip.write("small\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("data/big.bin"));
      zip.write(big);
      zip.closeEntry();
    }
    // cut within the big entry's compressed data, before its data descriptor and the directory
    byte[] whole = Files.readAllBytes(archive);
    cut = dir.resolve("cut.zip");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 4096));
  }

  @Test
  void zipEntries_areChildTransfersAndFailWhenCutShort() throws Exception {
    Forked plain = run(null);
    Path csv = dir.resolve("zip.csv");
    Path jsonl = dir.resolve("zip.jsonl");
    Forked agent = run("flowmeter.sinks=csv:" + csv + ",jsonl:" + jsonl);

    assertThat(agent.exit).isZero();
    assertThat(agent.out)
        .isEqualTo(plain.out)
        .contains("data/big.bin " + SIZE)
        .contains(cut + ": java.io.EOFException: Unexpected end of ZLIB input stream");
    assertThat(agent.agentLines()).isEmpty();
    List<String[]> finals = Csv.finals(csv);
    // the archive's rows count archive bytes against the archive's size, never the entries' shares
    Csv.assertNumbersAgree(finals);
    // the entry cut short, and the read of the archive that holds it, failed; nothing else did
    assertThat(Csv.failed(finals)).containsExactlyInAnyOrder("data/big.bin", cut.toString());
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("extract"))
        .allSatisfy(r -> assertThat(r[Csv.NAME]).isEqualTo("data/big.bin"))
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.zip", "read"))
        .filteredOn(r -> r[Csv.STATUS].equals(Csv.COMPLETED))
        .singleElement()
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("read"))
        .extracting(r -> r[Csv.NAME] + " " + r[Csv.STATUS])
        .containsExactlyInAnyOrder(archive + " " + Csv.COMPLETED, cut + " " + Csv.ERROR);
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].equals("docs/small.txt"));
    // the entry is a child of the archive's read
    assertThat(Files.readAllLines(jsonl))
        .filteredOn(l -> l.contains("\"data/big.bin\""))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).containsPattern("\"parentId\":[1-9]"));
  }

  @Test
  void disabled_reportsNoEntry() throws Exception {
    Path csv = dir.resolve("off.csv");
    Forked agent =
        run("flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.zip.enabled=false");
    assertThat(agent.exit).isZero();
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.OPERATION].equals("extract"));
  }

  private static Forked run(String agentArguments) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        ZipProgram.class.getName(),
        archive.toString(),
        cut.toString());
  }
}
