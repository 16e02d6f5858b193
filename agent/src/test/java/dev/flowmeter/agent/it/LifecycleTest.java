// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.testing.lifecycle.AbstractLifecycleTest;
import dev.flowmeter.testing.lifecycle.LifecycleRunner;
import dev.flowmeter.testing.lifecycle.LifecycleScenario;
import dev.flowmeter.testing.lifecycle.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer lifecycle through the agent: every scenario of the shared suite performed on the
 * JDK's own streams ({@code FileInputStream}, {@code FileChannel}, {@code GZIPInputStream}) in ONE
 * forked JVM under the built agent, with {@code flowmeter.agent.min-bytes} low enough that each
 * scenario's stream is shown (and the compressed file under the gzip stream is not). The runtime's
 * and the processor's {@code LifecycleTest} run the same suite through their doors.
 */
final class LifecycleTest extends AbstractLifecycleTest {
  @TempDir static Path dir;
  private static Forked agent;
  private static Map<LifecycleScenario, Observation> observed;

  @BeforeAll
  static void runScenarios() throws Exception {
    agent = run(dir, "");
    observed = LifecycleRunner.parse(agent.out);
  }

  /** Runs every scenario in one forked JVM under the agent, given {@code more} agent arguments. */
  static Forked run(Path dir, String more) throws Exception {
    return Forked.run(
        dir,
        "flowmeter.sinks=test-control;flowmeter.agent.min-bytes=8KiB" + more,
        Forked.classPath(Path.of(Forked.codeSource(LifecycleRunner.class))),
        LifecycleProgram.class.getName(),
        Files.createDirectories(dir.resolve("files")).toString());
  }

  @Override
  protected Map<LifecycleScenario, Observation> observed() {
    return observed;
  }

  /**
   * The agent leaves the JDK's streams alone: a cancel marks the transfer and stops its reporting,
   * and the application reads on (making the JDK's streams throw is opt-in, issue 7 item 3).
   */
  @Override
  protected boolean cancelStopsTheReads() {
    return false;
  }

  @Test
  void program_ranEveryScenario() {
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(observed).containsOnlyKeys(LifecycleScenario.values());
  }
}
