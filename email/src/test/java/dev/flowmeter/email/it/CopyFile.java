// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A program with no Flowmeter in it: copies {@code args[0]} to {@code args[1]} by stream. */
public final class CopyFile {
  private CopyFile() {}

  public static void main(String[] args) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      long copied = Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("copied " + copied);
    }
  }
}
