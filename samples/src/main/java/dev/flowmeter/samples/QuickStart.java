// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's quick start: one wrapped stream, named after its file, its size as total. */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    Path source = Files.createTempFile("flowmeter-quickstart", ".bin");
    Files.write(source, new byte[8 << 20]);
    Path target = source.resolveSibling(source.getFileName() + ".copy");
    System.out.println("Copied " + copy(source, target) + " bytes");
    Flowmeter.flush(1_000);
  }

  /** Copies a file with a progress bar; returns the bytes copied. */
  static long copy(Path source, Path target) throws IOException {
    // README: quick start
    try (InputStream in = Flowmeter.wrap(Files.newInputStream(source), source);
        OutputStream out = Files.newOutputStream(target)) {
      return in.transferTo(out);
    }
    // README: end
  }
}
