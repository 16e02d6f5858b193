// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A program run in a forked JVM: reads a small file with {@code Files.readAllBytes}, then copies
 * {@code source} into {@code <prefix>-streams}, {@code -channel}, {@code -copy} and {@code
 * -stream-copy} through the NIO APIs; last, reads {@code <prefix>-copy} through a {@code
 * FileChannel} and interrupts itself in the middle (the read throws {@code
 * ClosedByInterruptException}).
 */
public final class NioProgram {
  private NioProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    Path small = Path.of(args[0]);
    Path source = Path.of(args[1]);
    String prefix = args[2];
    System.out.println("small " + Files.readAllBytes(small).length);

    long copied = 0;
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = Files.newOutputStream(Path.of(prefix + "-streams"))) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    System.out.println("streams " + copied);

    try (FileChannel in = FileChannel.open(source);
        FileChannel out =
            FileChannel.open(
                Path.of(prefix + "-channel"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
      long size = in.size();
      long position = 0;
      while (position < size) {
        position += in.transferTo(position, size - position, out);
      }
      System.out.println("channel " + position);
    }

    Files.copy(source, Path.of(prefix + "-copy"));
    System.out.println("copy " + Files.size(Path.of(prefix + "-copy")));

    try (InputStream in = Files.newInputStream(source)) {
      System.out.println("stream-copy " + Files.copy(in, Path.of(prefix + "-stream-copy")));
    }

    try (FileChannel in = FileChannel.open(Path.of(prefix + "-copy"))) {
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      in.read(buffer);
      buffer.clear();
      Thread.currentThread().interrupt();
      in.read(buffer);
      System.out.println("interrupted: read to the end");
    } catch (ClosedByInterruptException e) {
      System.out.println("interrupted: " + e.getClass().getSimpleName());
    } finally {
      Thread.interrupted(); // clears the flag
    }
  }
}
