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

/** {@code ZipFile} entries under the built agent: child transfers of the archive file's read. */
final class ZipFileInstrumentationTest {
  private static final int SIZE = 2 * 1024 * 1024 + 3;
  private static final int HALF_SIZE = 2 * 1024 * 1024;

  @TempDir static Path dir;
  static Path archive;

  @BeforeAll
  static void archive() throws Exception {
    archive = dir.resolve("archive.zip");
    Random random = new Random(7);
    byte[] big = new byte[SIZE];
    random.nextBytes(big);
    byte[] half = new byte[HALF_SIZE];
    random.nextBytes(half);
    try (OutputStream file = Files.newOutputStream(archive);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("docs/small.txt"));
      zip.write("small\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("data/big.bin"));
      zip.write(big);
      zip.putNextEntry(new ZipEntry("half/part.bin"));
      zip.write(half);
      zip.closeEntry();
    }
  }

  @Test
  void zipFileEntries_areChildTransfersAndLeaveOutputUnchanged() throws Exception {
    Forked plain = run(null);
    Path csv = dir.resolve("zipfile.csv");
    Path jsonl = dir.resolve("zipfile.jsonl");
    Forked agent = run("flowmeter.sinks=csv:" + csv + ",jsonl:" + jsonl);

    assertThat(agent.exit).isZero();
    assertThat(agent.out)
        .isEqualTo(plain.out)
        .contains("data/big.bin " + SIZE, "half/part.bin " + HALF_SIZE / 2);
    assertThat(agent.agentLines()).isEmpty();
    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    Csv.assertNumbersAgree(finals);
    // read to its end: complete at end of stream, with the entry's size as total
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("data/big.bin"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("extract"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    // closed half-way: complete at close with the share really read (50 %), its total kept
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("half/part.bin"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("extract"))
        .satisfies(r -> Csv.assertCompleted(r, HALF_SIZE / 2, HALF_SIZE));
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("read"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.NAME]).isEqualTo(archive.toString()))
        .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo("completed"));
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].equals("docs/small.txt"));
    // both entries are children of the archive file's read
    List<String> lines = Files.readAllLines(jsonl);
    for (String entry : List.of("\"data/big.bin\"", "\"half/part.bin\"")) {
      assertThat(lines)
          .filteredOn(l -> l.contains(entry))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).containsPattern("\"parentId\":[1-9]"));
    }
  }

  /**
   * {@code new ZipFile(path)} on an archive it cannot read throws ({@code ZipException}); the read
   * of the file, which the JDK closes before it rethrows, fails instead of completing.
   */
  @Test
  void corruptArchive_constructorThrows_readOfTheFileFails() throws Exception {
    byte[] whole = Files.readAllBytes(archive);
    Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(whole, whole.length * 2 / 3));
    byte[] noise = new byte[HALF_SIZE];
    new Random(3).nextBytes(noise);
    Path garbage = Files.write(dir.resolve("garbage.zip"), noise);

    for (Path corrupt : List.of(cut, garbage)) {
      Path csv = dir.resolve(corrupt.getFileName() + ".csv");
      Forked agent = run("flowmeter.sinks=csv:" + csv, corrupt);
      assertThat(agent.exit).as(agent.err).isZero();
      assertThat(agent.out).startsWith(corrupt + ": java.util.zip.ZipException: ");
      assertThat(agent.agentLines()).isEmpty();
      List<String[]> finals = Csv.finals(csv);
      Csv.assertNumbersAgree(finals);
      assertThat(finals)
          .singleElement()
          .satisfies(r -> assertThat(r[Csv.NAME]).isEqualTo(corrupt.toString()))
          .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("read"))
          .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo(Csv.ERROR))
          .satisfies(r -> assertThat(r[Csv.TOTAL]).isEqualTo(String.valueOf(Files.size(corrupt))))
          .satisfies(r -> assertThat(Long.parseLong(r[Csv.BYTES])).isPositive());
    }
  }

  @Test
  void disabled_reportsNoEntry() throws Exception {
    Path csv = dir.resolve("zipfile-off.csv");
    Forked agent =
        run("flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.zip.enabled=false");
    assertThat(agent.exit).isZero();
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.OPERATION].equals("extract"));
    // the archive's own read is the file instrumentation's, still on
    assertThat(Forked.csv(csv)).anyMatch(r -> r[Csv.NAME].equals(archive.toString()));
  }

  private static Forked run(String agentArguments) throws Exception {
    return run(agentArguments, archive);
  }

  private static Forked run(String agentArguments, Path zip) throws Exception {
    return Forked.run(
        dir, agentArguments, Forked.classPath(), ZipFileProgram.class.getName(), zip.toString());
  }
}
