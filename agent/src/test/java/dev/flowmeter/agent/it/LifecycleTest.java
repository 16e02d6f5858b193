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
import java.util.Set;
import java.util.TreeSet;
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
  /** The agent's paths the scenarios read through: file streams, file channels, gzip streams. */
  static final Set<String> AGENT_SOURCES = Set.of("agent.file", "agent.nio", "agent.zip");

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

  @Override
  protected Set<String> sources() {
    return AGENT_SOURCES;
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
  void transfers_sayTheAgentsPathTheyCameBy() {
    Set<String> seen = new TreeSet<>();
    observed.values().forEach(o -> o.events().forEach(e -> seen.add(e.source())));
    // FileInputStream, FileChannel and GZIPInputStream each made transfers of their own path
    assertThat(seen).isEqualTo(new TreeSet<>(AGENT_SOURCES));
  }

  @Test
  void program_ranEveryScenario() {
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(observed).containsOnlyKeys(LifecycleScenario.values());
  }
}
