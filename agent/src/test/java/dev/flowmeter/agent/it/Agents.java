// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import java.util.function.Predicate;

/** Helpers for the programs run under the agent. */
final class Agents {
  private Agents() {}

  /**
   * Waits (at most 30 s) until a running agent has installed its instrumentation or turned itself
   * off.
   */
  static void awaitInstalled() throws InterruptedException {
    if (java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .noneMatch(a -> a.startsWith("-javaagent"))) {
      return;
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.getProperty("flowmeter.agent.state") == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /**
   * The id of the running transfer whose name {@code name} accepts ({@code what} says which, for
   * the message); waits at most 10 s for it.
   */
  static long running(Predicate<String> name, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (ProgressEvent e : Flowmeter.transfers()) {
        if (name.test(e.name()) && !e.status().isFinal()) {
          return e.transferId();
        }
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no running transfer " + what);
  }
}
