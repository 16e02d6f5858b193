// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.testing.lifecycle.LifecycleDoor;
import dev.flowmeter.testing.lifecycle.LifecycleReader;
import dev.flowmeter.testing.lifecycle.LifecycleRunner;
import dev.flowmeter.testing.lifecycle.LifecycleSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A program run in one forked JVM under the agent: performs every scenario of the shared lifecycle
 * suite on the JDK's own streams, which only the agent counts, and prints what each showed in the
 * lines {@link LifecycleRunner#parse} reads.
 */
public final class LifecycleProgram {
  private LifecycleProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    LifecycleRunner.print(LifecycleRunner.run(new AgentDoor(), Path.of(args[0])), System.out);
  }

  /**
   * The raw stream, which the agent counts; a cancel goes through a sink's control ({@link
   * ControlSinkProvider}), by the id of the running transfer whose name holds the label (the file's
   * path).
   */
  private static final class AgentDoor implements LifecycleDoor {
    @Override
    public InputStream open(String label, LifecycleSource source) throws IOException {
      return source.open();
    }

    @Override
    public long read(String label, LifecycleSource source, LifecycleReader reader)
        throws IOException {
      return reader.read(source.open());
    }

    @Override
    public Runnable canceller(String label, InputStream in) {
      try {
        LiveTransfers control = ControlSinkProvider.transfers();
        long id = running(label);
        return () -> control.cancel(id, "cancelled");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** The id of the running transfer named after {@code label}; waits at most 10 s for it. */
    private static long running(String label) throws InterruptedException {
      return Agents.running(name -> name.contains(label), "named after " + label);
    }
  }
}
