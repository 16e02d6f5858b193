// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowmeter.agent.wait}: {@code premain} puts the hooks in place before it returns, unless
 * told not to wait.
 */
final class AgentWaitTest {
  private static final int SIZE = 3 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void byDefault_readAtStartOfMain_isTrackedInFull() throws Exception {
    Path file = dir.resolve("early.bin");
    Files.write(file, new byte[SIZE]);
    Path csv = dir.resolve("wait.csv");

    Forked run =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            QuickReadProgram.class.getName(),
            file.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read " + SIZE + "\n");
    assertThat(run.agentLines()).isEmpty();
    String[] read = CsvRows.of(csv).last(file.toString());
    assertThat(read[CsvRows.STATUS]).isEqualTo("completed");
    assertThat(read[CsvRows.BYTES]).isEqualTo(String.valueOf(SIZE));
    assertThat(read[CsvRows.TOTAL]).isEqualTo(String.valueOf(SIZE));
  }

  @Test
  void noWait_mainStartsAtOnce_andTheHooksFollow() throws Exception {
    Path file = dir.resolve("late.bin");
    Files.write(file, new byte[SIZE]);

    Forked run =
        Forked.run(
            dir,
            "flowmeter.sinks=none;flowmeter.agent.wait=false",
            Forked.classPath(),
            QuickReadProgram.class.getName(),
            file.toString(),
            "await");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read " + SIZE + "\n");
    assertThat(run.agentLines()).isEmpty();
  }

  @Test
  void wait_malformed_printsOneLineAndProgramRunsUnchanged() throws Exception {
    Path file = dir.resolve("any.bin");
    Files.write(file, new byte[1000]);

    Forked run =
        Forked.run(
            dir,
            "flowmeter.sinks=none;flowmeter.agent.wait=maybe",
            Forked.classPath(),
            QuickReadProgram.class.getName(),
            file.toString(),
            "await");

    assertThat(run.exit).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.agentLines())
        .singleElement()
        .asString()
        .contains("flowmeter.agent.wait")
        .contains("maybe");
  }
}
