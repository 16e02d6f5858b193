// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.testing.lifecycle.AbstractLifecycleTest;
import dev.flowmeter.testing.lifecycle.LifecycleDoor;
import dev.flowmeter.testing.lifecycle.LifecycleReader;
import dev.flowmeter.testing.lifecycle.LifecycleRunner;
import dev.flowmeter.testing.lifecycle.LifecycleScenario;
import dev.flowmeter.testing.lifecycle.LifecycleSource;
import dev.flowmeter.testing.lifecycle.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer lifecycle through the code the processor generates: {@code lifecycle/TrackedReads}
 * compiled with the processor and every scenario performed through its generated companion, in this
 * JVM. Both shapes of a {@code @Tracked} read are run: a stream the caller reads and ends (end of
 * stream, close, failure, interruption, abandonment, the concurrent reads) comes from a method that
 * returns it; the failure, the interruption and the cancel from another thread (through {@link
 * Flowmeter#currentTracked()}) of the {@code CALL_} scenarios happen inside a method that reads its
 * parameter. The runtime's and the agent's {@code LifecycleTest} run the same suite through their
 * doors.
 */
final class LifecycleTest extends AbstractLifecycleTest {
  @TempDir static Path dir;
  private static Map<LifecycleScenario, Observation> observed;

  @BeforeAll
  static void runScenarios() throws Exception {
    Compilation compilation = CompilerFixture.compile("lifecycle/TrackedReads.java");
    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    Object reads =
        CompilerFixture.classLoader(compilation)
            .loadClass("lifecycle.TrackedReads_Tracked")
            .getConstructor()
            .newInstance();
    observed = LifecycleRunner.run(new GeneratedDoor(reads), dir);
  }

  @Override
  protected Map<LifecycleScenario, Observation> observed() {
    return observed;
  }

  @Override
  protected Set<String> sources() {
    return Set.of("tracked");
  }

  /** The generated {@code TrackedReads_Tracked}, called by reflection (it is compiled here). */
  private static final class GeneratedDoor implements LifecycleDoor {
    private final Object reads;
    private final Method open;
    private final Method read;

    GeneratedDoor(Object reads) throws NoSuchMethodException {
      this.reads = reads;
      Class<?> type = reads.getClass();
      this.open = type.getMethod("open", String.class, LifecycleSource.class, long.class);
      this.read =
          type.getMethod(
              "read", String.class, InputStream.class, long.class, LifecycleReader.class);
    }

    @Override
    public InputStream open(String label, LifecycleSource source) throws IOException {
      return (InputStream) call(open, label, source, source.total());
    }

    @Override
    public long read(String label, LifecycleSource source, LifecycleReader reader)
        throws IOException {
      return (Long) call(read, label, source.open(), source.total(), reader);
    }

    /** The transfer of the {@code @Tracked} call running on this thread. */
    @Override
    public Runnable canceller(String label, InputStream in) {
      Transfer transfer = Flowmeter.currentTracked().orElseThrow();
      return transfer::cancel;
    }

    private Object call(Method method, Object... args) throws IOException {
      try {
        return method.invoke(reads, args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof IOException) {
          throw (IOException) e.getCause();
        }
        throw new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
