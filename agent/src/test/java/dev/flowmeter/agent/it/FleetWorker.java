// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One worker of {@link FleetTest} (and the program of {@link OtelSinkAgentTest} and {@link
 * BothAgentsTest}), run in a forked JVM under the agent and knowing nothing of Flowmeter: copies
 * {@code args[0]} to {@code args[1]} through plain file streams, 8 KiB at a time, and prints {@code
 * done <bytes>}; with a fourth argument, a path for a named pipe, also makes a write that fails
 * after it moved more than the agent's one MiB: {@code head -c 1MiB} reads the pipe and exits, and
 * the next write throws ({@code Broken pipe}). It prints {@code failed after <bytes written>}, then
 * stays alive, so that Prometheus scrapes its final counts, until the file {@code args[2]} exists
 * (polled: a read of {@code System.in} would itself be a file stream the agent counts), or two
 * minutes passed, should the test have died without stopping it.
 */
public final class FleetWorker {
  private FleetWorker() {}

  public static void main(String[] args) throws Exception {
    System.out.println("done " + copy(args[0], args[1]));
    if (args.length > 3) {
      failAWrite(args[3]);
    }
    Path stop = Path.of(args[2]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Starts {@code command} (a JVM that runs this program, for the tests), its output and errors
   * into {@code out}, without the {@code FLOWMETER_*} and {@code OTEL_*} variables of the test's
   * environment, which would change what the test sets.
   */
  static Process start(List<String> command, Path out) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(out.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("FLOWMETER_") || k.startsWith("OTEL_"));
    return builder.start();
  }

  static long copy(String source, String target) throws IOException {
    long total = 0;
    byte[] chunk = new byte[8192];
    try (FileInputStream in = new FileInputStream(source);
        FileOutputStream out = new FileOutputStream(target)) {
      int read;
      while ((read = in.read(chunk)) > 0) {
        out.write(chunk, 0, read);
        total += read;
      }
    }
    return total;
  }

  private static void failAWrite(String pipe) throws Exception {
    if (new ProcessBuilder("mkfifo", pipe).inheritIO().start().waitFor() != 0) {
      throw new IOException("mkfifo " + pipe + " failed");
    }
    Process reader =
        new ProcessBuilder("head", "-c", Integer.toString(1 << 20), pipe)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long written = 0;
    byte[] chunk = new byte[8192];
    try (FileOutputStream out = new FileOutputStream(pipe)) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException expected) {
      System.out.println("failed after " + written + ": " + expected.getMessage());
    } finally {
      reader.waitFor();
    }
  }
}
