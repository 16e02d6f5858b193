// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An unmodified program under {@code -javaagent} in a real terminal (tmux), as issue 8 asks: what
 * {@link UnmodifiedCopier} prints with {@code System.out.println} and {@code System.err.println},
 * knowing nothing of Flowmeter, is all on the screen or in the scrollback, once and in order, with
 * a summary per file read and written, and nothing left of the bars.
 *
 * <p>{@code flowmeter.agent.wait=true}: the test is about the console, not about how soon the agent
 * is in place. Without it, on a loaded machine the instrumentation took 0.6 to 1.2 s after {@code
 * main} started, and the first file's copy (1 s) was at times not shown at all.
 *
 * <p>The agent jar is {@code agent/target/flowmeter-agent.jar} (system property {@code
 * flowmeter.agent.jar}), built in the agent module's {@code package} phase: run with {@code
 * verify}.
 */
final class TmuxAgentTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"60, 24, agent-60", "200, 50, agent-200", "80, 12, agent-80x12"})
  void unmodifiedCopier_everyLineOnceAndInOrder_onlySummariesLeft(
      int columns, int rows, String name) throws Exception {
    String command =
        Tmux.java(
            List.of("-javaagent:" + agentJar() + "=flowmeter.agent.wait=true"),
            Tmux.codeSource(UnmodifiedCopier.class),
            UnmodifiedCopier.class.getName(),
            ".");

    Capture capture = Runs.run(dir, name, columns, rows, command);

    new ScreenCheck()
        .inOrder("stdout", UnmodifiedCopier.lines())
        .inOrder("stderr", List.of("copying " + UnmodifiedCopier.FILES + " files"))
        .completed(
            List.of("in-1.dat", "in-2.dat", "in-3.dat", "out-1.dat", "out-2.dat", "out-3.dat"))
        .verify(capture);
  }

  private static Path agentJar() {
    String property = System.getProperty("flowmeter.agent.jar");
    Path jar = property == null ? null : Path.of(property);
    if (jar == null || !Files.isRegularFile(jar)) {
      String reason =
          "the agent jar is not built (" + property + "): run the tests with verify, not test";
      if (System.getenv("CI") != null) {
        fail(reason);
      }
      Assumptions.abort(reason);
    }
    return jar;
  }
}
