// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under the agent's default settings (no {@code flowmeter.agent.wait}), nothing a program moves is
 * lost (issue 9, item 1): not what it moves in its first millisecond, in a program that ends 100 ms
 * after it starts, nor in its main class's static initialiser. Each program prints the bytes its
 * own calls moved; each transfer must be in the CSV sink, completed, with exactly those bytes. The
 * sink is flushed when the program exits (the nothing-lost promise), so no test waits for anything.
 *
 * <p>When the hooks were installed on a background thread (about 0.6 s, now {@code
 * flowmeter.agent.wait=false}), all five failed on JDK 17 and 25: the copies, the 100 ms programs
 * and the static initialiser showed no transfer at all, the archive program only its last zip
 * entries.
 */
final class EarlyBytesTest {
  private static final int MIB = 1024 * 1024;
  private static final Pattern MOVED = Pattern.compile("moved (\\w+) (\\d+) (.+)");

  @TempDir Path temp;

  /** The default settings but a CSV sink, and a threshold below every file the programs move. */
  private static String agentArguments(Path csv) {
    return "flowmeter.sinks=csv:" + csv + ";flowmeter.agent.min-bytes=64KiB";
  }

  @Test
  void bytesMovedInTheFirstMillisecond_areAllReported() throws Exception {
    Path dir = temp.toRealPath();
    Path source = Files.createDirectories(dir.resolve("source"));
    Path target = Files.createDirectories(dir.resolve("target"));
    Random random = new Random(1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < EarlyCopyProgram.STREAM_COPIES; i++) {
      names.add(String.format("f%02d.bin", i));
    }
    names.addAll(List.of("copy.bin", "channel.bin", "raf.bin"));
    for (String name : names) {
      byte[] bytes = new byte[2 * MIB + random.nextInt(4096)];
      random.nextBytes(bytes);
      Files.write(source.resolve(name), bytes);
    }
    Path csv = dir.resolve("copy.csv");
    Forked agent = run(dir, agentArguments(csv), List.of(), EarlyCopyProgram.class, source, target);
    for (String name : names) {
      assertThat(Files.mismatch(source.resolve(name), target.resolve(name))).isEqualTo(-1);
    }
    // 20 stream copies (a read and a write each), Files.copy (one transfer), channels and
    // RandomAccessFile (a read and a write each)
    assertThat(assertReported(agent, dir, csv)).hasSize(2 * 20 + 1 + 2 + 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"return", "exit"})
  void programEnding100msAfterStart_reportsEveryByte(String end) throws Exception {
    Path dir = temp.toRealPath();
    Path csv = dir.resolve("exit.csv");
    Forked agent =
        run(
            dir,
            agentArguments(csv),
            List.of(),
            EarlyExitProgram.class,
            dir.resolve("data.bin"),
            3 * MIB,
            end);
    assertThat(assertReported(agent, dir, csv))
        .extracting(m -> m.operation() + " " + m.bytes())
        .containsExactly("write " + 3 * MIB, "read " + 3 * MIB);
  }

  @Test
  void staticInitialiserOfTheMainClass_isReported() throws Exception {
    Path dir = temp.toRealPath();
    Path input = dir.resolve("input.bin");
    Files.write(input, new byte[MIB + 17]);
    Path csv = dir.resolve("static.csv");
    Forked agent =
        run(
            dir,
            agentArguments(csv),
            List.of("-Dearly.input=" + input),
            StaticInitProgram.class,
            dir.resolve("output.bin"),
            2 * MIB + 5);
    assertThat(assertReported(agent, dir, csv))
        .extracting(m -> m.operation() + " " + m.bytes())
        .containsExactly("read " + (MIB + 17), "write " + (2 * MIB + 5));
  }

  /**
   * Archives written and read at once are reported as an agent in place before {@code main} reports
   * them ({@code flowmeter.agent.wait=true}, which loses nothing but delays {@code main}): the same
   * final rows, and the bytes the program knows it moved.
   */
  @Test
  void gzipAndZipAtTheStart_areReportedAsWhenInstalledFirst() throws Exception {
    Path dir = temp.toRealPath();
    Path waited = Files.createDirectories(dir.resolve("waited"));
    Path early = Files.createDirectories(dir.resolve("early"));
    Path waitedCsv = dir.resolve("waited.csv");
    String arguments = agentArguments(waitedCsv) + ";flowmeter.agent.wait=true";
    Forked installedFirst =
        run(waited, arguments, List.of(), EarlyArchiveProgram.class, waited, 2 * MIB + 3);
    Path csv = dir.resolve("early.csv");
    Forked agent =
        run(early, agentArguments(csv), List.of(), EarlyArchiveProgram.class, early, 2 * MIB + 3);

    assertThat(agent.out)
        .isEqualTo(installedFirst.out.replace(waited.toString(), early.toString()));
    assertThat(assertReported(agent, early, csv))
        .extracting(m -> m.operation() + " " + m.name().replace(early.toString(), "<dir>"))
        .containsExactly(
            "write <dir>/data.gz (gzip)",
            "write <dir>/data.gz",
            "read <dir>/data.gz (gunzip)",
            "write <dir>/data.zip",
            "extract a.bin",
            "extract b.bin");
    // every final row, the file reads too, whose bytes only the agent counts
    assertThat(finalRows(csv, early)).isEqualTo(finalRows(waitedCsv, waited));
  }

  /**
   * Runs {@code program} in a forked JVM under the agent with {@code agentArguments}, class data
   * sharing off and the JVM {@code options}, its arguments as strings; asserts that it ended with
   * status 0.
   */
  private static Forked run(
      Path dir, String agentArguments, List<String> options, Class<?> program, Object... args)
      throws Exception {
    List<String> jvm = new ArrayList<>(List.of("-Xshare:off"));
    jvm.addAll(options);
    String[] strings = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    Forked forked =
        Forked.runWith(dir, jvm, agentArguments, Forked.classPath(), program.getName(), strings);
    assertThat(forked.exit).as(forked.err).isZero();
    return forked;
  }

  /** A transfer the program says it made. */
  private record Moved(String operation, long bytes, String name) {}

  /**
   * Asserts that the agent printed nothing, and that every transfer the program printed has a final
   * CSV row of its operation and name (the path resolved in {@code dir}), completed, with exactly
   * the program's bytes; returns those transfers.
   */
  private static List<Moved> assertReported(Forked agent, Path dir, Path csv) throws Exception {
    assertThat(agent.agentLines()).isEmpty();
    List<Moved> moved = new ArrayList<>();
    for (String line : agent.out.split("\\R")) {
      Matcher m = MOVED.matcher(line);
      if (m.matches()) {
        moved.add(new Moved(m.group(1), Long.parseLong(m.group(2)), m.group(3)));
      }
    }
    assertThat(moved).as(agent.out).isNotEmpty();
    assertThat(Csv.failed(Csv.finals(csv))).isEmpty();
    CsvRows rows = CsvRows.of(csv);
    for (Moved m : moved) {
      String[] row = rows.last(dir, dir.resolve(m.name()), m.operation());
      assertThat(row[CsvRows.STATUS]).as(String.join(",", row)).isEqualTo(Csv.COMPLETED);
      assertThat(row[CsvRows.BYTES]).as(String.join(",", row)).isEqualTo(String.valueOf(m.bytes()));
    }
    return moved;
  }

  /** The final rows' operation, name ({@code dir} as {@code <dir>}), status, bytes and total. */
  private static List<String> finalRows(Path csv, Path dir) throws Exception {
    return Csv.finals(csv).stream()
        .map(
            r ->
                String.join(
                    ",",
                    r[Csv.OPERATION],
                    r[Csv.NAME].replace(dir.toString(), "<dir>"),
                    r[Csv.STATUS],
                    r[Csv.BYTES],
                    r[Csv.TOTAL]))
        .sorted()
        .collect(Collectors.toList());
  }
}
