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
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
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
  protected Map<LifecycleScenario, String> knownFailures() {
    return Map.of(
        LifecycleScenario.INTERRUPT,
        "finding: an interrupted read ends a wrapped stream as failed, not cancelled",
        LifecycleScenario.CALL_INTERRUPT,
        "finding: an interrupted read ends a wrapped stream as failed, not cancelled",
        LifecycleScenario.CANCEL_ELSEWHERE,
        "no public way to reach the transfer behind a wrapped stream on this branch");
  }

  @Test
  @Disabled(
      "finding: an interrupted read (ClosedByInterruptException) ends a wrapped stream as failed,"
          + " not cancelled; fixed by the lifecycle unification")
  void findings_failUntilTheLifecycleUnification() {
    assertScenarios(LifecycleScenario.INTERRUPT, LifecycleScenario.CALL_INTERRUPT);
  }

  @Test
  @Disabled("needs Flowmeter.transferOf, issue 7 item 3")
  void cancelFromAnotherThread_throughTransferOf() {
    assertScenarios(LifecycleScenario.CANCEL_ELSEWHERE);
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

    /**
     * Cancels the transfer that {@code Flowmeter.transferOf(in)} finds. Called by reflection until
     * that method (issue 7 item 3) is merged; then it is {@code
     * Flowmeter.transferOf(in).orElseThrow()::cancel}.
     */
    @Override
    public Runnable canceller(String label, InputStream in) {
      Transfer transfer;
      try {
        Optional<?> found =
            (Optional<?>) Flowmeter.class.getMethod("transferOf", Object.class).invoke(null, in);
        transfer = (Transfer) found.orElseThrow();
      } catch (ReflectiveOperationException e) {
        throw new UnsupportedOperationException("no Flowmeter.transferOf(Object) yet", e);
      }
      return transfer::cancel;
    }
  }
}
