// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A program run in a forked JVM that writes and reads archives at the very start of {@code main}
 * (issue 9, item 1): {@code <dir>/data.gz} through a {@code GZIPOutputStream} over a {@code
 * FileOutputStream} and back through a {@code GZIPInputStream}, then {@code <dir>/data.zip} with
 * the entries {@code a.bin} ({@code <size>} bytes) and {@code b.bin} (half as many) through a
 * {@code ZipOutputStream} and back through a {@code ZipInputStream}; the data is seeded random, so
 * that it does not compress.
 *
 * <p>It prints {@code moved <operation> <bytes> <name>} for what it knows it moved: the
 * uncompressed bytes of the gzip streams and of each entry read back, and the archives' sizes.
 */
public final class EarlyArchiveProgram {
  private EarlyArchiveProgram() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    byte[] data = new byte[size];
    new Random(9).nextBytes(data);
    byte[] buffer = new byte[8192];
    StringBuilder moved = new StringBuilder();

    Path gz = dir.resolve("data.gz");
    try (OutputStream out = new GZIPOutputStream(new FileOutputStream(gz.toFile()))) {
      for (int at = 0; at < size; at += buffer.length) {
        out.write(data, at, Math.min(buffer.length, size - at));
      }
    }
    long gunzipped = 0;
    try (InputStream in = new GZIPInputStream(new FileInputStream(gz.toFile()))) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        gunzipped += n;
      }
    }
    EarlyCopyProgram.line(moved, "write", size, gz + " (gzip)");
    EarlyCopyProgram.line(moved, "write", Files.size(gz), gz);
    EarlyCopyProgram.line(moved, "read", gunzipped, gz + " (gunzip)");

    Path zip = dir.resolve("data.zip");
    try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip.toFile()))) {
      out.putNextEntry(new ZipEntry("a.bin"));
      out.write(data);
      out.putNextEntry(new ZipEntry("b.bin"));
      out.write(data, 0, size / 2);
      out.closeEntry();
    }
    EarlyCopyProgram.line(moved, "write", Files.size(zip), zip);
    try (ZipInputStream in = new ZipInputStream(new FileInputStream(zip.toFile()))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        long length = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          length += n;
        }
        EarlyCopyProgram.line(moved, "extract", length, entry.getName());
      }
    }
    System.out.print(moved);
  }
}
