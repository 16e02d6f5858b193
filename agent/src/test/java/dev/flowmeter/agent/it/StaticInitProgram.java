// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A program run in a forked JVM whose main class reads a file in its static initialiser, before
 * {@code main} runs (issue 9, item 1): the file named by the system property {@code early.input},
 * with a {@code FileInputStream}. {@code main} then writes {@code <size>} bytes to {@code <file>}
 * with a {@code FileOutputStream}, and prints {@code moved <operation> <bytes> <file>} for both.
 */
public final class StaticInitProgram {
  private static final String INPUT = System.getProperty("early.input");
  private static final long READ = readAll(INPUT);

  private StaticInitProgram() {}

  private static long readAll(String file) {
    long read = 0;
    try (InputStream in = new FileInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read;
  }

  public static void main(String[] args) throws IOException {
    int size = Integer.parseInt(args[1]);
    byte[] buffer = new byte[64 * 1024];
    long written = 0;
    try (OutputStream out = new FileOutputStream(args[0])) {
      while (written < size) {
        int n = (int) Math.min(buffer.length, size - written);
        out.write(buffer, 0, n);
        written += n;
      }
    }
    StringBuilder moved = new StringBuilder();
    EarlyCopyProgram.line(moved, "read", READ, INPUT);
    EarlyCopyProgram.line(moved, "write", written, args[0]);
    System.out.print(moved);
  }
}
