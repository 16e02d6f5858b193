// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -javaagent} given twice (on the command line and in {@code JAVA_TOOL_OPTIONS}, say): one
 * agent runs, with the first one's arguments. Before, the second installed itself again: every JDK
 * class was hooked twice, and its arguments silently overwrote the first one's system properties
 * while the first one's tracker was being made, so its sink was never written, and nothing said so.
 */
final class AgentTwiceTest {
  private static final String CHARACTERS = String.valueOf(2 * 1024 * 1024);

  @TempDir Path temp;

  @Test
  void secondAgentWithOtherArguments_isIgnoredInOneLine() throws Exception {
    Path dir = temp.toRealPath();
    Path first = dir.resolve("first.csv");
    Path second = dir.resolve("second.csv");
    Forked agent =
        run(
            dir,
            "flowmeter.sinks=csv:" + first + ";flowmeter.agent.debug=true",
            "flowmeter.sinks=csv:" + second);
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines())
        .filteredOn(line -> !line.startsWith("flowmeter-agent: instrumented "))
        .containsExactly(
            "flowmeter-agent: -javaagent given twice; the agent runs with the first one's"
                + " arguments ('flowmeter.sinks=csv:"
                + first
                + ";flowmeter.agent.debug=true') and ignores the second one's"
                + " ('flowmeter.sinks=csv:"
                + second
                + "')");
    assertThat(agent.agentLines())
        .containsOnlyOnce("flowmeter-agent: instrumented java.io.RandomAccessFile");
    assertThat(Files.exists(second)).isFalse();
    String[] row = CsvRows.of(first).last(dir.resolve("bytes.txt").toString());
    assertThat(row[CsvRows.STATUS]).isEqualTo(Csv.COMPLETED);
    assertThat(row[CsvRows.BYTES]).isEqualTo(CHARACTERS);
  }

  @Test
  void sameAgentTwice_runsOnceWithoutAWord() throws Exception {
    Path dir = temp.toRealPath();
    Path csv = dir.resolve("t.csv");
    String arguments = "flowmeter.sinks=csv:" + csv;
    Forked agent = run(dir, arguments, arguments);
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.err).isEmpty();
    assertThat(CsvRows.of(csv).last(dir.resolve("bytes.txt").toString())[CsvRows.BYTES])
        .isEqualTo(CHARACTERS);
  }

  private static Forked run(Path dir, String firstArguments, String secondArguments)
      throws Exception {
    return Forked.runWith(
        dir,
        List.of("-javaagent:" + Forked.AGENT + "=" + firstArguments),
        secondArguments,
        Forked.classPath(),
        RandomAccessFileTextProgram.class.getName(),
        dir.toString(),
        CHARACTERS);
  }
}
