// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One worker of {@link FleetIT}, run in a forked JVM under the agent and knowing nothing of
 * Flowmeter: copies {@code args[0]} to {@code args[1]} through plain file streams ({@link
 * CopyProgram}); with a fourth argument ({@code /dev/full}), opens it, waits past the agent's
 * one-second delay, so that the write is shown, and writes, which fails ({@code No space left on
 * device}); then stays alive, so that Prometheus scrapes its final counts, until the file {@code
 * args[2]} exists (polled: a read of {@code System.in} would itself be a file stream the agent
 * counts), or two minutes passed, should the test have died without stopping it.
 */
public final class FleetWorker {
  private FleetWorker() {}

  public static void main(String[] args) throws Exception {
    CopyProgram.main(new String[] {args[0], args[1]});
    if (args.length > 3) {
      try (FileOutputStream full = new FileOutputStream(args[3])) {
        Thread.sleep(1500);
        full.write(new byte[8192]);
      } catch (IOException expected) {
        System.out.println("failed: " + expected.getMessage());
      }
    }
    Path stop = Path.of(args[2]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
