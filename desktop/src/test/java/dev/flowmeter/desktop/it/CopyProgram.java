// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop.it;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a forked JVM under the agent: copies {@code args[0]} to {@code args[1]}. */
public final class CopyProgram {
  private CopyProgram() {}

  public static void main(String[] args) throws Exception {
    try (InputStream in = new FileInputStream(args[0])) {
      System.out.println("copied " + Files.copy(in, Path.of(args[1])));
    }
  }
}
