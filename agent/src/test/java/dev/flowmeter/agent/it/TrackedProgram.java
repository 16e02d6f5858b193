// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program run in a forked JVM: calls {@code @Tracked} methods of {@link Shipper}, a class
 * compiled WITHOUT the processor (no {@code Shipper_Tracked} exists), so only the agent can track
 * them.
 */
public final class TrackedProgram {
  private TrackedProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    int size = Integer.parseInt(args[0]);
    Shipper shipper = new Shipper();
    System.out.println(
        "shipped " + shipper.ship("crate", new ByteArrayInputStream(new byte[size]), size));
    System.out.println(
        "fetched " + shipper.fetch("crate", new ByteArrayInputStream(new byte[size / 2]), size));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.out.println("copied " + Shipper.copy(new ByteArrayInputStream(new byte[size]), out));
    try {
      shipper.ship("broken", new ByteArrayInputStream(new byte[10]), -1);
    } catch (IOException e) {
      System.out.println("ship failed: " + e.getMessage());
    }
    if (args.length > 1) {
      try (InputStream in = new FileInputStream(args[1])) {
        System.out.println("loaded " + shipper.load(in));
      }
    }
  }

  /** Plain code with annotations, as compiled without the processor. */
  static class Shipper {
    @Tracked(operation = "upload", name = "ship {label}")
    long ship(String label, InputStream in, @TotalBytes long size) throws IOException {
      long n = MethodsProgram.drain(in);
      if (size < 0) {
        throw new IOException("no size for " + label);
      }
      return n;
    }

    /**
     * The size is known only inside the method, as a response header would announce it (here more
     * than the body holds, so that the total shows where it came from).
     */
    @Tracked(operation = "download", name = "fetch {label}")
    long fetch(String label, InputStream in, long size) throws IOException {
      Flowmeter.currentTracked().ifPresent(t -> t.totalBytes(size));
      return MethodsProgram.drain(in);
    }

    /** Handed a file as a plain input stream: the file's size is the total from the start. */
    @Tracked(operation = "download", name = "load")
    long load(InputStream in) throws IOException {
      return MethodsProgram.drain(in);
    }

    @Tracked
    static long copy(InputStream in, OutputStream out) throws IOException {
      return in.transferTo(out);
    }
  }
}
