// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A program run in a forked JVM: writes {@code <size>} seeded random bytes to {@code <file>}
 * through a {@code GZIPOutputStream}, reads them back through a {@code GZIPInputStream}, and prints
 * the counts and the checksum of what it read; then reads a copy of the file cut short ({@code
 * <file>.cut}) and prints the exception.
 *
 * <p>Under the agent it also prints, on standard error, whether the {@code (gunzip)} transfer had
 * ended when the read reached the end of the stream, and once the stream was closed.
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
    String gunzip = args[0] + " (gunzip)";
    try (InputStream in = new GZIPInputStream(new FileInputStream(args[0]))) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
        length += n;
      }
      System.err.println("at end of stream: " + ended(gunzip));
    }
    System.err.println("after close: " + ended(gunzip));
    System.out.println("gunzip " + length + " " + Long.toHexString(crc.getValue()));

    byte[] gz = Files.readAllBytes(Path.of(args[0]));
    Path cut = Path.of(args[0] + ".cut");
    Files.write(cut, Arrays.copyOf(gz, gz.length - 1000));
    try (InputStream in = new GZIPInputStream(new FileInputStream(cut.toFile()))) {
      in.transferTo(OutputStream.nullOutputStream());
      System.out.println("cut: read to the end");
    } catch (IOException e) {
      System.out.println("cut: " + e);
    }
  }

  /** Whether the agent's transfer {@code name} ended: "ended", "running", or "no agent". */
  private static String ended(String name) {
    try {
      Class.forName("dev.flowmeter.Flowmeter", false, null); // the agent's, on the boot class path
    } catch (ClassNotFoundException e) {
      return "no agent";
    }
    for (ProgressEvent e : Flowmeter.transfers()) {
      if (e.name().equals(name)) {
        return e.status().isFinal() ? "ended" : "running";
      }
    }
    return "none";
  }
}
