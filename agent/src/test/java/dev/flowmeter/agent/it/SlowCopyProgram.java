// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM without the agent: copies {@code source} to {@code target} with 8
 * KiB buffers, slowed down (1 ms every 64 KiB), so that the agent can be attached in the middle.
 *
 * <p>It prints its process id, then {@code halfway} once half the file is copied, and then waits
 * (at most a minute) until an attached agent has set {@code flowmeter.agent.state}, so that the
 * test never races the attach.
 */
public final class SlowCopyProgram {
  private SlowCopyProgram() {}

  public static void main(String[] args) throws Exception {
    System.out.println("pid " + ProcessHandle.current().pid());
    System.out.flush();
    long size = Files.size(Path.of(args[0]));
    long copied = 0;
    boolean waited = false;
    try (InputStream in = new FileInputStream(args[0]);
        OutputStream out = new FileOutputStream(args[1])) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
        if (copied % (64 * 1024) == 0) {
          Thread.sleep(1); // throttled, as a copy to a slow disk or network would be
        }
        if (!waited && copied >= size / 2) {
          waited = true;
          System.out.println("halfway " + copied);
          System.out.flush();
          awaitAttached();
        }
      }
    }
    System.out.println("copied " + copied + " of " + size);
    System.out.println("agent " + System.getProperty("flowmeter.agent.state"));
  }

  private static void awaitAttached() throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.getProperty("flowmeter.agent.state") == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
