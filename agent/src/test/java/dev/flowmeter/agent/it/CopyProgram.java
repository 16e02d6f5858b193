// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM: reads a small file, then copies {@code source} to {@code target}
 * with 8 KiB buffers through {@code FileInputStream}/{@code FileOutputStream}.
 *
 * <p>After the second MiB it makes one argument error on each stream, catches it and goes on.
 *
 * <p>It copies the first MiB before the agent is installed when there is one, so the copy is picked
 * up in the middle; {@code flowmeter.agent.state} says when the agent is in place.
 */
public final class CopyProgram {
  private CopyProgram() {}

  public static void main(String[] args) throws Exception {
    Path small = Path.of(args[0]);
    try (InputStream in = new FileInputStream(small.toFile())) {
      System.out.println("small " + in.readAllBytes().length);
    }
    long copied = 0;
    try (InputStream in = new FileInputStream(args[1]);
        OutputStream out = new FileOutputStream(args[2])) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
        if (copied == 1 << 20) {
          Agents.awaitInstalled();
        } else if (copied == 2 << 20) {
          misuse(in, out, buffer);
        }
      }
    }
    System.out.println("copied " + copied + " of " + Files.size(Path.of(args[1])));
  }

  /**
   * The caller's own argument errors, which the streams reject before moving anything: they must
   * not end the transfers, which go on counting.
   */
  private static void misuse(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    try {
      in.read(buffer, 0, -1);
      throw new AssertionError("read(b, 0, -1) did not throw");
    } catch (IndexOutOfBoundsException expected) {
      // the stream's own answer to a bad length
    }
    try {
      out.write(buffer, buffer.length, 1);
      throw new AssertionError("write(b, b.length, 1) did not throw");
    } catch (IndexOutOfBoundsException expected) {
      // the stream's own answer to a bad offset
    }
  }
}
