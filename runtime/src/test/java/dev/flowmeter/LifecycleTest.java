// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.testing.lifecycle.AbstractLifecycleTest;
import dev.flowmeter.testing.lifecycle.LifecycleDoor;
import dev.flowmeter.testing.lifecycle.LifecycleReader;
import dev.flowmeter.testing.lifecycle.LifecycleRunner;
import dev.flowmeter.testing.lifecycle.LifecycleScenario;
import dev.flowmeter.testing.lifecycle.LifecycleSource;
import dev.flowmeter.testing.lifecycle.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer lifecycle through the API wrappers: every scenario reads a stream wrapped with
 * {@link TransferBuilder#wrap(InputStream)}, in this JVM. The processor's and the agent's {@code
 * LifecycleTest} run the same suite through their doors.
 */
final class LifecycleTest extends AbstractLifecycleTest {
  @TempDir static Path dir;
  private static Map<LifecycleScenario, Observation> observed;

  @BeforeAll
  static void runScenarios() throws Exception {
    observed = LifecycleRunner.run(new WrapperDoor(), dir);
  }

  @Override
  protected Map<LifecycleScenario, Observation> observed() {
    return observed;
  }

  @Override
  protected Set<String> sources() {
    return Set.of("api");
  }

  /** {@code Flowmeter.transfer().name(label).totalBytes(total).wrap(stream)}. */
  private static final class WrapperDoor implements LifecycleDoor {
    @Override
    public InputStream open(String label, LifecycleSource source) throws IOException {
      return Flowmeter.transfer().name(label).totalBytes(source.total()).wrap(source.open());
    }

    @Override
    public long read(String label, LifecycleSource source, LifecycleReader reader)
        throws IOException {
      return reader.read(open(label, source));
    }

    /** Cancels the transfer that {@code Flowmeter.transferOf(in)} finds. */
    @Override
    public Runnable canceller(String label, InputStream in) {
      Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
      return transfer::cancel;
    }
  }
}
