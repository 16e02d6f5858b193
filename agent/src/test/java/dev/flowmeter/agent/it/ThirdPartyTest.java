// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real, unmodified third-party programs under the agent: Apache Commons Compress extracting a tar
 * archive, and the JDK's own {@code jar} tool creating and extracting a jar. Their file transfers
 * appear in a CSV sink with correct totals.
 */
final class ThirdPartyTest {
  private static final int ENTRY = 3 * 1024 * 1024;
  private static final List<String> ENTRIES = List.of("a.bin", "b.bin", "c.bin");

  @TempDir static Path dir;
  static Path content;

  @BeforeAll
  static void content() throws Exception {
    content = dir.resolve("content");
    Files.createDirectories(content);
    Random random = new Random(11);
    for (String name : ENTRIES) {
      byte[] bytes = new byte[ENTRY];
      random.nextBytes(bytes);
      Files.write(content.resolve(name), bytes);
    }
  }

  @Test
  void commonsCompress_extractingTar_showsArchiveReadAndEntryWrites() throws Exception {
    Path archive = dir.resolve("content.tar");
    String cp =
        Forked.classPath(
            Forked.LIBS.resolve("commons-compress.jar"),
            Forked.LIBS.resolve("commons-io.jar"),
            Forked.LIBS.resolve("commons-lang3.jar"));
    Forked create =
        Forked.run(
            dir,
            null,
            cp,
            CompressProgram.class.getName(),
            "create",
            "tar",
            archive.toString(),
            content.toString());
    assertThat(create.exit).as(create.err).isZero();

    Path out = dir.resolve("extracted");
    Path csv = dir.resolve("compress.csv");
    Forked extract =
        Forked.run(
            dir,
            // the default settings: these programs are done in a fraction of a second
            "flowmeter.sinks=csv:" + csv,
            cp,
            CompressProgram.class.getName(),
            "extract",
            archive.toString(),
            out.toString());

    assertThat(extract.exit).as(extract.err).isZero();
    assertThat(extract.out).isEqualTo("extract done\n");
    assertThat(extract.agentLines()).isEmpty();
    CsvRows rows = CsvRows.of(csv);
    List<String[]> finals = Csv.finals(csv);
    Csv.assertNumbersAgree(finals);
    // the library opens the archive twice: a first look at its head (8 KiB, complete at close with
    // what it read as its total), then the whole read
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals(archive.toString()))
        .anySatisfy(r -> Csv.assertCompleted(r, Files.size(archive), Files.size(archive)))
        .allSatisfy(r -> assertThat(r[Csv.OPERATION]).isEqualTo("read"));
    for (String name : ENTRIES) {
      Path entry = out.resolve(name);
      assertThat(Files.mismatch(entry, content.resolve(name))).isEqualTo(-1);
      String[] write = rows.last(entry.toString());
      assertThat(write[CsvRows.OPERATION]).isEqualTo("write");
      assertThat(write[CsvRows.STATUS]).isEqualTo("completed");
      assertThat(write[CsvRows.BYTES]).isEqualTo(String.valueOf(ENTRY));
    }
  }

  @Test
  void jarTool_createAndExtract_showsEveryFileWithItsSize() throws Exception {
    Path jar = dir.resolve("content.jar");
    Path csv = dir.resolve("jar.csv");
    String javaagent = "-J-javaagent:" + Forked.AGENT + "=flowmeter.sinks=csv:" + csv;
    assertThat(jarTool(dir, javaagent, "cf", jar.toString(), "-C", content.toString(), "."))
        .isZero();
    CsvRows created = CsvRows.of(csv);
    Csv.assertNumbersAgree(Csv.finals(csv));
    for (String name : ENTRIES) {
      String[] read = created.last(content.resolve(name));
      assertThat(read[CsvRows.OPERATION]).isEqualTo("read");
      assertThat(read[CsvRows.STATUS]).isEqualTo("completed");
      assertThat(read[CsvRows.BYTES]).isEqualTo(String.valueOf(ENTRY));
      assertThat(read[CsvRows.TOTAL]).isEqualTo(String.valueOf(ENTRY));
    }
    // the jar is written under a temporary name first, then moved
    assertThat(created.finalRows())
        .anySatisfy(
            row -> {
              assertThat(row[CsvRows.OPERATION]).isEqualTo("write");
              assertThat(row[CsvRows.STATUS]).isEqualTo("completed");
              assertThat(row[CsvRows.BYTES]).isEqualTo(String.valueOf(Files.size(jar)));
            });

    Path out = Files.createDirectories(dir.resolve("unjarred"));
    Path csv2 = dir.resolve("unjar.csv");
    String javaagent2 = "-J-javaagent:" + Forked.AGENT + "=flowmeter.sinks=csv:" + csv2;
    assertThat(jarTool(out, javaagent2, "xf", jar.toString())).isZero();
    CsvRows extracted = CsvRows.of(csv2);
    // every row: a completed one at 100 % with its bytes as total, never 99.9 % (the jar's read
    // skips part of the archive, and a completion takes what was read as the total)
    Csv.assertNumbersAgree(Csv.finals(csv2));
    String[] read = extracted.last(out, jar, "read");
    assertThat(read[CsvRows.OPERATION]).isEqualTo("read");
    assertThat(read[CsvRows.STATUS]).isEqualTo("completed");
    // random access (the zip's end first, then each entry): at most each byte once
    assertThat(Long.parseLong(read[CsvRows.BYTES])).isBetween(3L * ENTRY, Files.size(jar));
    for (String name : ENTRIES) {
      Path entry = out.resolve(name);
      assertThat(Files.mismatch(entry, content.resolve(name))).isEqualTo(-1);
      String[] write = extracted.last(out, entry, "write");
      assertThat(write[CsvRows.OPERATION]).isEqualTo("write");
      assertThat(write[CsvRows.STATUS]).isEqualTo("completed");
      assertThat(write[CsvRows.BYTES]).isEqualTo(String.valueOf(ENTRY));
    }
  }

  /** Runs {@code $JAVA_HOME/bin/jar} in {@code workDir}; returns its exit code. */
  private static int jarTool(Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jar").toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "jar", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).doesNotContain("flowmeter-agent:");
    return process.exitValue();
  }
}
