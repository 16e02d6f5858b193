// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program run under the agent with the {@code jfr} sink: copies {@code source} to {@code target}
 * through {@code FileInputStream}/{@code FileOutputStream}, paced to last about {@code args[2]}
 * milliseconds (so that JFR's periodic progress events see it running), then waits until the sinks
 * have the copy's end (JFR's own shutdown hook writes the recording; it must find the events).
 */
public final class JfrProgram {
  private JfrProgram() {}

  public static void main(String[] args) throws Exception {
    long millis = Long.parseLong(args[2]);
    long copied = 0;
    try (InputStream in = new FileInputStream(args[0]);
        OutputStream out = new FileOutputStream(args[1])) {
      byte[] buffer = new byte[64 * 1024];
      long start = System.nanoTime();
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
        Thread.sleep(Math.max(0, millis / 64 - (System.nanoTime() - start) / 1_000_000 / 64));
      }
    }
    System.out.println("copied " + copied + " flushed " + Flowmeter.flush(10_000));
  }
}
