// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

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
}
