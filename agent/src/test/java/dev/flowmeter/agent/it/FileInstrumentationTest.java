// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built agent in forked JVMs: file streams are counted, and the application never notices. */
final class FileInstrumentationTest {
  private static final int SIZE = 6 * 1024 * 1024 + 123;

  @TempDir static Path dir;
  static Path small;
  static Path source;

  // CSV columns
  private static final int OPERATION = 1;
  private static final int NAME = 2;
  private static final int BYTES = 4;
  private static final int TOTAL = 5;
  private static final int STATUS = 7;

  @BeforeAll
  static void files() throws Exception {
    small = dir.resolve("small.properties");
    Files.writeString(small, "key=value\n");
    source = dir.resolve("source.bin");
    byte[] bytes = new byte[SIZE];
    new Random(42).nextBytes(bytes);
    Files.write(source, bytes);
  }

  @Test
  void copy_isReportedWithTotalsAndLeavesOutputUnchanged() throws Exception {
    Path plainTarget = dir.resolve("plain.bin");
    Forked plain =
        Forked.run(
            dir,
            null,
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            plainTarget.toString());
    Path csv = dir.resolve("copy.csv");
    Path target = dir.resolve("target.bin");
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            target.toString());

    assertThat(agent.exit).isEqualTo(0);
    assertThat(agent.out).isEqualTo(plain.out);
    assertThat(agent.agentLines()).isEmpty();
    assertThat(Files.mismatch(target, source)).isEqualTo(-1);

    List<String[]> rows = Forked.csv(csv);
    String[] read = last(rows, source.toString());
    assertThat(read[OPERATION]).isEqualTo("read");
    assertThat(read[STATUS]).isEqualTo("completed");
    assertThat(read[BYTES]).isEqualTo(String.valueOf(SIZE));
    assertThat(read[TOTAL]).isEqualTo(String.valueOf(SIZE));
    Csv.assertMadeBy(read, "agent.file", "read");
    String[] write = last(rows, target.toString());
    assertThat(write[OPERATION]).isEqualTo("write");
    Csv.assertMadeBy(write, "agent.file", "write");
    assertThat(write[STATUS]).isEqualTo("completed");
    assertThat(write[BYTES]).isEqualTo(String.valueOf(SIZE));
    // small files, class files and the sink's own CSV are never transfers
    assertThat(names(rows)).containsOnly(source.toString(), target.toString());
  }

  @Test
  void malformedArgument_printsOneLineAndRunsUnchanged() throws Exception {
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks",
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("malformed.bin").toString());
    assertThat(agent.exit).isEqualTo(0);
    assertThat(agent.out).contains("copied " + SIZE);
    assertThat(agent.agentLines())
        .singleElement()
        .asString()
        .contains("'flowmeter.sinks'", "key=value", "the agent is off");
  }

  /** Fail-open as in library mode: the one line comes from the runtime and the agent stays on. */
  @Test
  void unknownSink_printsOneLineNamingKeyAndAcceptedValues() throws Exception {
    Forked agent =
        Forked.run(
            dir,
            // waits for the installation, which creates the tracker and reports the sink
            "flowmeter.sinks=nosuch;flowmeter.agent.wait=true",
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("unknown.bin").toString());
    assertThat(agent.exit).isEqualTo(0);
    assertThat(agent.out).contains("copied " + SIZE);
    assertThat(agent.agentLines()).isEmpty();
    assertThat(agent.runtimeLines())
        .singleElement()
        .asString()
        .contains("flowmeter.sinks", "nosuch", "csv", "console", "Flowmeter runs without it");
  }

  @Test
  void badAgentValue_printsOneLineNamingTheKey() throws Exception {
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.agent.min-bytes=lots",
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("bad.bin").toString());
    assertThat(agent.exit).isEqualTo(0);
    assertThat(agent.out).contains("copied " + SIZE);
    assertThat(agent.agentLines())
        .singleElement()
        .asString()
        .contains("flowmeter.agent.min-bytes", "lots");
  }

  /**
   * As in library mode, a {@code flowmeter.config} naming no readable file (a directory, a FIFO,
   * which would block whoever opened it) is one line, and the agent runs on with every other
   * setting: the CSV sink, and a threshold low enough to show the small file.
   */
  @Test
  void configFileThatIsNoFile_printsOneLine_theAgentStaysOnWithTheOtherSettings() throws Exception {
    List<Path> notFiles = new ArrayList<>();
    notFiles.add(Files.createDirectories(dir.resolve("config-dir")));
    Path fifo = dir.resolve("config-fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    if (mkfifo.waitFor() == 0) {
      notFiles.add(fifo);
    }
    for (Path config : notFiles) {
      Path csv = dir.resolve(config.getFileName() + ".csv");
      Forked agent =
          Forked.run(
              dir,
              "flowmeter.config="
                  + config
                  + ";flowmeter.sinks=csv:"
                  + csv
                  + ";flowmeter.agent.min-bytes=4;flowmeter.agent.wait=true",
              Forked.classPath(),
              CopyProgram.class.getName(),
              small.toString(),
              source.toString(),
              dir.resolve(config.getFileName() + ".bin").toString());
      assertThat(agent.exit).isEqualTo(0);
      assertThat(agent.out).contains("copied " + SIZE);
      assertThat(agent.agentLines()).isEmpty();
      assertThat(agent.runtimeLines())
          .containsExactly(
              "flowmeter: flowmeter.config: '"
                  + config
                  + "' is not a regular file (accepted: a properties file); the file is ignored");
      assertThat(names(Forked.csv(csv))).contains(small.toString(), source.toString());
    }
  }

  @Test
  void throwingSink_fromExtensions_leavesTheApplicationUnchanged() throws Exception {
    Path target = dir.resolve("throwing.bin");
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=throwing;flowmeter.extensions=" + Forked.classPath(),
            Forked.classPath(),
            CopyProgram.class.getName(),
            small.toString(),
            source.toString(),
            target.toString());
    assertThat(agent.exit).isEqualTo(0);
    assertThat(agent.out).contains("copied " + SIZE);
    assertThat(agent.agentLines()).isEmpty();
    assertThat(Files.mismatch(target, source)).isEqualTo(-1);
  }

  @Test
  void applicationWithItsOwnByteBuddy_runsAndIsCounted() throws Exception {
    String cp = Forked.classPath(Forked.LIBS.resolve("app-byte-buddy.jar"));
    Forked plain =
        Forked.run(
            dir,
            null,
            cp,
            ByteBuddyProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("bb-plain.bin").toString());
    Path csv = dir.resolve("bb.csv");
    Path target = dir.resolve("bb.bin");
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            cp,
            ByteBuddyProgram.class.getName(),
            small.toString(),
            source.toString(),
            target.toString());
    assertThat(agent.exit).isEqualTo(0);
    assertThat(plain.out).contains("made example.Made").contains("app-byte-buddy.jar");
    assertThat(agent.out.replace("bb.bin", "")).isEqualTo(plain.out.replace("bb-plain.bin", ""));
    assertThat(last(Forked.csv(csv), target.toString())[STATUS]).isEqualTo("completed");
  }

  private static String[] last(List<String[]> rows, String name) {
    String[] found = null;
    for (String[] row : rows) {
      if (row[NAME].equals(name)) {
        found = row;
      }
    }
    assertThat(found).as("a row for " + name + " in " + rows.size() + " rows").isNotNull();
    return found;
  }

  private static List<String> names(List<String[]> rows) {
    return rows.stream().map(r -> r[NAME]).distinct().collect(Collectors.toList());
  }
}
