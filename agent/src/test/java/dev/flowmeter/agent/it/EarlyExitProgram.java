// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program run in a forked JVM that ends 100 ms after {@code main} starts (issue 9, item 1): it
 * writes {@code <size>} bytes to {@code <file>} with a {@code FileOutputStream}, reads them back
 * with a {@code FileInputStream}, prints {@code moved <operation> <bytes> <file>} for each, waits
 * until 100 ms have passed since {@code main} started, and ends by returning from {@code main}, or
 * by {@code System.exit(0)} with {@code exit} as third argument.
 */
public final class EarlyExitProgram {
  private EarlyExitProgram() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    long end = System.nanoTime() + 100_000_000L;
    String file = args[0];
    int size = Integer.parseInt(args[1]);
    byte[] buffer = new byte[64 * 1024];
    long written = 0;
    try (OutputStream out = new FileOutputStream(file)) {
      while (written < size) {
        int n = (int) Math.min(buffer.length, size - written);
        buffer[0] = (byte) written;
        out.write(buffer, 0, n);
        written += n;
      }
    }
    long read = 0;
    try (InputStream in = new FileInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        read += n;
      }
    }
    StringBuilder moved = new StringBuilder();
    EarlyCopyProgram.line(moved, "write", written, file);
    EarlyCopyProgram.line(moved, "read", read, file);
    System.out.print(moved);
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000L));
    }
    if (args.length > 2 && "exit".equals(args[2])) {
      System.exit(0);
    }
  }
}
