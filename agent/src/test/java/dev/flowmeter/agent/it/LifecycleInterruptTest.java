// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.testing.lifecycle.AbstractLifecycleTest;
import dev.flowmeter.testing.lifecycle.LifecycleRunner;
import dev.flowmeter.testing.lifecycle.LifecycleScenario;
import dev.flowmeter.testing.lifecycle.Observation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared lifecycle suite through the agent with {@code flowmeter.agent.cancel=interrupt}: a
 * cancel from another thread makes the reader's next read of the JDK's own stream throw, as through
 * the library's wrappers, while an interruption and an abandonment end their transfers as they do
 * without it. The same program as {@link LifecycleTest}, in a JVM of its own.
 */
final class LifecycleInterruptTest extends AbstractLifecycleTest {
  @TempDir static Path dir;
  private static Forked agent;
  private static Map<LifecycleScenario, Observation> observed;

  @BeforeAll
  static void runScenarios() throws Exception {
    agent = LifecycleTest.run(dir, ";flowmeter.agent.cancel=interrupt");
    observed = LifecycleRunner.parse(agent.out);
  }

  @Override
  protected Map<LifecycleScenario, Observation> observed() {
    return observed;
  }

  @Override
  protected Set<String> sources() {
    return LifecycleTest.AGENT_SOURCES;
  }

  @Test
  void program_ranEveryScenario() {
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(agent.runtimeLines()).isEmpty();
    assertThat(observed).containsOnlyKeys(LifecycleScenario.values());
  }
}
