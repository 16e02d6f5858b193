// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM under the agent: copies {@code args[0]} to {@code args[1]} through
 * the streams of {@link Files}, a buffer at a time, which the agent tracks on every JDK (the JDK 25
 * {@code Files.copy(InputStream, Path)} copies channel to channel, whose write side the agent does
 * not see yet). It knows nothing of Flowmeter.
 */
public final class CopyProgram {
  private CopyProgram() {}

  public static void main(String[] args) throws Exception {
    long copied = 0;
    try (InputStream in = Files.newInputStream(Path.of(args[0]));
        OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    System.out.println("copied " + copied);
  }
}
