// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import java.io.FileInputStream;
import java.io.FileOutputStream;

/**
 * A program run in a forked JVM under the agent, knowing nothing of Flowmeter: copies {@code
 * args[0]} to {@code args[1]} through file streams, 8 KiB at a time, and ends at once, so that only
 * the otel sink's flush on close can bring its counts to the exporter.
 */
public final class CopyProgram {
  private CopyProgram() {}

  public static void main(String[] args) throws Exception {
    long total = 0;
    byte[] chunk = new byte[8192];
    try (FileInputStream source = new FileInputStream(args[0]);
        FileOutputStream target = new FileOutputStream(args[1])) {
      int read;
      while ((read = source.read(chunk)) > 0) {
        target.write(chunk, 0, read);
        total += read;
      }
    }
    System.out.println("done " + total);
  }
}
