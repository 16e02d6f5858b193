// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

// README: quick start
import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a file with a progress bar: {@code java QuickStart <source> <target>}. */
public final class QuickStart {
  public static void main(String[] args) throws IOException {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    try (InputStream in = Flowmeter.wrap(Files.newInputStream(source), source);
        OutputStream out = Files.newOutputStream(target)) {
      long copied = in.transferTo(out);
      System.out.println("Copied " + copied + " bytes");
    }
  }
}
// README: end
