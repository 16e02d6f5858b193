// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A program run in a forked JVM that moves bytes in its first millisecond (issue 9, item 1): at the
 * very start of {@code main}, before anything else, it copies {@code <source>/f00.bin} to {@code
 * f19.bin} into {@code <target>} with {@code FileInputStream}/{@code FileOutputStream}, then {@code
 * copy.bin} with {@code Files.copy(Path, Path)}, {@code channel.bin} with two {@code FileChannel}s
 * and {@code raf.bin} with two {@code RandomAccessFile}s, and returns at once.
 *
 * <p>It prints one line per transfer it made, {@code moved <operation> <bytes> <file>}, with the
 * bytes that the JDK's calls themselves returned: what the agent's sinks must show.
 */
public final class EarlyCopyProgram {
  static final int STREAM_COPIES = 20;

  private EarlyCopyProgram() {}

  public static void main(String[] args) throws IOException {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    StringBuilder moved = new StringBuilder();
    byte[] buffer = new byte[64 * 1024];
    for (int i = 0; i < STREAM_COPIES; i++) {
      String name = String.format("f%02d.bin", i);
      Path from = source.resolve(name);
      Path to = target.resolve(name);
      long read = 0;
      long written = 0;
      try (InputStream in = new FileInputStream(from.toFile());
          OutputStream out = new FileOutputStream(to.toFile())) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          read += n;
          out.write(buffer, 0, n);
          written += n;
        }
      }
      line(moved, "read", read, from);
      line(moved, "write", written, to);
    }

    Path copied = target.resolve("copy.bin");
    Files.copy(source.resolve("copy.bin"), copied);
    line(moved, "copy", Files.size(copied), source.resolve("copy.bin"));

    long read = 0;
    long written = 0;
    try (FileChannel in = FileChannel.open(source.resolve("channel.bin"));
        FileChannel out =
            FileChannel.open(
                target.resolve("channel.bin"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
      int n;
      while ((n = in.read(bytes)) > 0) {
        read += n;
        bytes.flip();
        while (bytes.hasRemaining()) {
          written += out.write(bytes);
        }
        bytes.clear();
      }
    }
    line(moved, "read", read, source.resolve("channel.bin"));
    line(moved, "write", written, target.resolve("channel.bin"));

    read = 0;
    written = 0;
    try (RandomAccessFile in = new RandomAccessFile(source.resolve("raf.bin").toFile(), "r");
        RandomAccessFile out = new RandomAccessFile(target.resolve("raf.bin").toFile(), "rw")) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        read += n;
        out.write(buffer, 0, n);
        written += n;
      }
    }
    line(moved, "read", read, source.resolve("raf.bin"));
    line(moved, "write", written, target.resolve("raf.bin"));
    System.out.print(moved);
  }

  /** Adds the line {@code moved <operation> <bytes> <file>} that {@link EarlyBytesTest} reads. */
  static void line(StringBuilder moved, String operation, long bytes, Object file) {
    moved.append("moved ").append(operation).append(' ').append(bytes).append(' ').append(file);
    moved.append('\n');
  }
}
