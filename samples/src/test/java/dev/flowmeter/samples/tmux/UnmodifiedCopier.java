// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A program that knows nothing of Flowmeter, run under {@code -javaagent} by {@link TmuxAgentTest}:
 * it creates {@link #FILES} files of {@link #MIB} MiB ({@code in-1.dat}, ...) in the folder given
 * as argument, then copies each to {@code out-N.dat} with {@link FileInputStream} and {@link
 * FileOutputStream} at about {@code MiB/s}, printing {@code copied N MiB so far} after every MiB
 * and {@code done: 3 files, 24 MiB} at the end; one line on {@code System.err} says that it starts.
 * The files are named by absolute paths, as a program that resolves its arguments does.
 *
 * <pre>
 * java -javaagent:flowmeter-agent.jar -cp ... dev.flowmeter.samples.tmux.UnmodifiedCopier dir [MiB/s]
 * </pre>
 *
 * <p>Only classes of the JDK: the child JVM gets this class's folder as its class path, nothing of
 * Flowmeter but what the agent brings.
 */
final class UnmodifiedCopier {
  static final int FILES = 3;
  static final int MIB = 8;

  private UnmodifiedCopier() {}

  public static void main(String[] args) throws IOException {
    File dir = new File(args[0]).toPath().toAbsolutePath().normalize().toFile();
    double mibPerSecond = args.length > 1 ? Double.parseDouble(args[1]) : 8;
    System.err.println("copying " + FILES + " files");
    List<File> sources = new ArrayList<>();
    for (int i = 1; i <= FILES; i++) {
      File source = new File(dir, "in-" + i + ".dat");
      try (RandomAccessFile file = new RandomAccessFile(source, "rw")) {
        file.setLength((long) MIB << 20);
      }
      sources.add(source);
    }
    long copied = 0;
    long start = System.nanoTime();
    byte[] buffer = new byte[64 << 10];
    for (int i = 1; i <= FILES; i++) {
      try (InputStream in = new FileInputStream(sources.get(i - 1));
          OutputStream out = new FileOutputStream(new File(dir, "out-" + i + ".dat"))) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          copied += n;
          if (copied % (1 << 20) == 0) {
            System.out.println("copied " + (copied >> 20) + " MiB so far");
          }
          long due = start + (long) (copied / (mibPerSecond * (1 << 20)) * 1e9);
          long wait = (due - System.nanoTime()) / 1_000_000;
          if (wait > 0) {
            try {
              Thread.sleep(wait);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }
    }
    System.out.println("done: " + FILES + " files, " + (copied >> 20) + " MiB");
  }

  /** The lines printed on standard output, in order. */
  static List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int mib = 1; mib <= FILES * MIB; mib++) {
      lines.add("copied " + mib + " MiB so far");
    }
    lines.add("done: " + FILES + " files, " + FILES * MIB + " MiB");
    return lines;
  }
}
