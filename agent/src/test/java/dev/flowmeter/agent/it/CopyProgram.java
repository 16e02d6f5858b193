// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM: reads a small file, then copies {@code source} to {@code target}
 * with 8 KiB buffers through {@code FileInputStream}/{@code FileOutputStream}.
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
        }
      }
    }
    System.out.println("copied " + copied + " of " + Files.size(Path.of(args[1])));
  }
}
