// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A program run in a forked JVM: writes {@code <size>} seeded random bytes to {@code <file>}
 * through a {@code GZIPOutputStream}, reads them back through a {@code GZIPInputStream}, and prints
 * the counts and the checksum of what it read.
 */
public final class GzipProgram {
  private GzipProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    int size = Integer.parseInt(args[1]);
    byte[] data = new byte[size];
    new Random(11).nextBytes(data);
    try (OutputStream out = new GZIPOutputStream(new FileOutputStream(args[0]))) {
      for (int at = 0; at < size; at += 8192) {
        out.write(data, at, Math.min(8192, size - at));
      }
    }
    System.out.println("gzip " + size);
    CRC32 crc = new CRC32();
    long length = 0;
    try (InputStream in = new GZIPInputStream(new FileInputStream(args[0]))) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
        length += n;
      }
    }
    System.out.println("gunzip " + length + " " + Long.toHexString(crc.getValue()));
  }
}
