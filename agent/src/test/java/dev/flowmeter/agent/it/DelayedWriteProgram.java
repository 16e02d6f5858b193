// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * A program run in a forked JVM: writes 25 KiB to {@code args[0]}, 1 KiB every 100 ms, so that the
 * agent shows the file only after its {@code flowmeter.agent.delay}. Prints the wall-clock time in
 * milliseconds right after its first write returned, and the nanoseconds from there to just before
 * the close: the least a transfer counted from its first byte has lasted.
 */
public final class DelayedWriteProgram {
  private DelayedWriteProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    byte[] kib = new byte[1024];
    try (OutputStream out = new FileOutputStream(args[0])) {
      out.write(kib);
      long firstMillis = System.currentTimeMillis();
      long first = System.nanoTime();
      for (int i = 1; i < 25; i++) {
        Thread.sleep(100);
        out.write(kib);
      }
      System.out.println("first " + firstMillis);
      System.out.println("lasted " + (System.nanoTime() - first));
    }
  }
}
