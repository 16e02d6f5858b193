// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import java.io.IOException;
import java.io.InputStream;

/**
 * One way into Flowmeter's transfer lifecycle: the API wrappers, the code the processor generates
 * for {@code @Tracked} methods, or the agent's advice on the JDK's own streams. {@link
 * LifecycleRunner} performs every {@link LifecycleScenario} through a door, and the door's {@link
 * AbstractLifecycleTest} subclass compares what was observed with the one set of expectations.
 */
public interface LifecycleDoor {
  /**
   * A stream over {@code source} that the caller reads and ends, by end of stream, by {@code
   * close()}, by a failure or by dropping it: {@code Flowmeter.wrap}, a {@code @Tracked} method
   * that returns the stream, or the raw stream under the agent. Its transfer's name contains {@code
   * label}.
   */
  InputStream open(String label, LifecycleSource source) throws IOException;

  /**
   * Runs {@code reader} on a stream over {@code source} as one transfer whose name contains {@code
   * label}: for the generated code, a {@code @Tracked} method that takes the stream as a parameter
   * and ends its transfer when it returns; for the other doors, {@link #open} read by {@code
   * reader}.
   */
  long read(String label, LifecycleSource source, LifecycleReader reader) throws IOException;

  /**
   * Called on the reading thread, inside {@link #read}, with the stream {@code reader} got: an
   * action that cancels that stream's transfer when another thread runs it, through the public API
   * this door offers for it.
   */
  Runnable canceller(String label, InputStream in);
}
