// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.InputStream;

/**
 * A program run in a forked JVM that reads {@code file} through a {@code FileInputStream} as soon
 * as {@code main} starts, and ends: done before a background installation of the agent would be.
 * With {@code await} as second argument it waits for the agent's state before it ends.
 */
public final class QuickReadProgram {
  private QuickReadProgram() {}

  public static void main(String[] args) throws Exception {
    long read = 0;
    try (InputStream in = new FileInputStream(args[0])) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        read += n;
      }
    }
    if (args.length > 1 && "await".equals(args[1])) {
      Agents.awaitInstalled(); // lets a failing agent print its line before the JVM ends
    }
    System.out.println("read " + read);
  }
}
