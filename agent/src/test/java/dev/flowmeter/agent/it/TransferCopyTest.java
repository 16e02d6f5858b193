// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static dev.flowmeter.agent.it.Csv.NAME;
import static dev.flowmeter.agent.it.Csv.OPERATION;
import static dev.flowmeter.agent.it.Csv.assertCompleted;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-to-file copies under the built agent, on the JDK running the test: each copy shows the read
 * of its source and the write of its target once, with the bytes that moved, whether the JDK moves
 * them through a buffer (JDK 17) or from channel to channel in the kernel (from JDK 21 on, {@code
 * Files.copy(InputStream, Path)} and {@code FileInputStream.transferTo} hand the source's channel
 * to the target's), and {@code Files.copy(Path, Path)}, which the JDK runs natively, as one {@code
 * copy}.
 */
final class TransferCopyTest {
  private static final int SIZE = 2 * 1024 * 1024 + 77;
  private static final List<String> BOTH_SIDES =
      List.of(
          "files-copy-nio-stream",
          "files-copy-file-stream",
          "channel-transfer-to",
          "channel-transfer-from",
          "stream-channels-transfer-to",
          "input-stream-transfer-to",
          "input-stream-transfer-to-buffered",
          "channel-transfer-to-stream",
          "channel-transfer-from-stream");
  private static final String PATHS = "files-copy-paths";

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    byte[] bytes = new byte[SIZE];
    new Random(5).nextBytes(bytes);
    for (String name : cases()) {
      Files.write(dir.resolve("source-" + name + ".bin"), bytes);
    }
  }

  private static List<String> cases() {
    List<String> cases = new ArrayList<>(BOTH_SIDES);
    cases.add(PATHS);
    return cases;
  }

  @Test
  void fileToFileCopies_showTheSourceReadAndTheTargetWriteOnce() throws Exception {
    Path csv = dir.resolve("copies.csv");
    List<String> args = new ArrayList<>();
    args.add(dir.toString());
    args.addAll(cases());
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            TransferCopyProgram.class.getName(),
            args.toArray(new String[0]));

    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    for (String name : cases()) {
      assertThat(agent.out).contains(name + " " + SIZE);
      assertThat(Files.mismatch(dir.resolve("target-" + name + ".bin"), source(name)))
          .as(name)
          .isEqualTo(-1);
    }
    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    Csv.assertNumbersAgree(finals);
    for (String name : BOTH_SIDES) {
      assertThat(finals)
          .as(name + ": the source's read")
          .filteredOn(r -> r[NAME].equals(source(name).toString()))
          .singleElement()
          .satisfies(r -> assertThat(r[OPERATION]).isEqualTo("read"))
          .satisfies(r -> assertCompleted(r, SIZE, SIZE));
      assertThat(finals)
          .as(name + ": the target's write")
          .filteredOn(r -> r[NAME].equals(target(name).toString()))
          .singleElement()
          .satisfies(r -> assertThat(r[OPERATION]).isEqualTo("write"))
          // a write's total is unknown until it completes, then it is what moved
          .satisfies(r -> assertCompleted(r, SIZE, SIZE));
    }
    // Files.copy(Path, Path) copies natively: one copy transfer, no read or write of its own
    assertThat(finals)
        .filteredOn(r -> r[NAME].equals(source(PATHS).toString()))
        .singleElement()
        .satisfies(r -> assertThat(r[OPERATION]).isEqualTo("copy"))
        .satisfies(r -> assertCompleted(r, SIZE, SIZE));
    assertThat(finals).noneMatch(r -> r[NAME].equals(target(PATHS).toString()));
    // every transfer of the run is one of the above, each once
    assertThat(finals).hasSize(2 * BOTH_SIDES.size() + 1);
  }

  private static Path source(String name) {
    return dir.resolve("source-" + name + ".bin");
  }

  private static Path target(String name) {
    return dir.resolve("target-" + name + ".bin");
  }
}
