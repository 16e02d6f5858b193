// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A program run in a forked JVM under the agent: copies {@code args[0]} to {@code args[1]} with
 * {@link Files#copy(InputStream, Path, java.nio.file.CopyOption...)}, which the agent tracks. It
 * knows nothing of Flowmeter.
 */
public final class CopyProgram {
  private CopyProgram() {}

  public static void main(String[] args) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      long copied = Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("copied " + copied);
    }
  }
}
