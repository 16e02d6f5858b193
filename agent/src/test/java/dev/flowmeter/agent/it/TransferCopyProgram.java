// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A program run in a forked JVM: copies {@code <dir>/source-<case>.bin} to {@code
 * <dir>/target-<case>.bin} once for each case named in its arguments, each by another JDK path that
 * may move the bytes from file to file without a write the agent sees on its own: {@code
 * Files.copy} from a stream or a path, {@code FileChannel.transferTo}/{@code transferFrom}, {@code
 * InputStream.transferTo}. Prints each case and the bytes it copied.
 */
public final class TransferCopyProgram {
  private TransferCopyProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    Path dir = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      Path source = dir.resolve("source-" + name + ".bin");
      Path target = dir.resolve("target-" + name + ".bin");
      System.out.println(name + " " + copy(name, source, target));
    }
  }

  private static long copy(String name, Path source, Path target) throws Exception {
    switch (name) {
      case "files-copy-nio-stream":
        try (InputStream in = Files.newInputStream(source)) {
          return Files.copy(in, target);
        }
      case "files-copy-file-stream":
        try (InputStream in = new FileInputStream(source.toFile())) {
          return Files.copy(in, target);
        }
      case "files-copy-paths":
        Files.copy(source, target);
        return Files.size(target);
      case "channel-transfer-to":
        try (FileChannel in = FileChannel.open(source);
            FileChannel out = FileChannel.open(target, create())) {
          return transferTo(in, out);
        }
      case "channel-transfer-from":
        try (FileChannel in = FileChannel.open(source);
            FileChannel out = FileChannel.open(target, create())) {
          return transferFrom(in, out, in.size());
        }
      case "stream-channels-transfer-to":
        try (FileInputStream in = new FileInputStream(source.toFile());
            FileOutputStream out = new FileOutputStream(target.toFile())) {
          return transferTo(in.getChannel(), out.getChannel());
        }
      case "input-stream-transfer-to":
        try (InputStream in = new FileInputStream(source.toFile());
            OutputStream out = new FileOutputStream(target.toFile())) {
          return in.transferTo(out);
        }
      case "input-stream-transfer-to-buffered":
        try (InputStream in = new FileInputStream(source.toFile());
            OutputStream out = new BufferedOutputStream(new FileOutputStream(target.toFile()))) {
          return in.transferTo(out);
        }
      case "channel-transfer-to-stream":
        try (FileChannel in = FileChannel.open(source);
            WritableByteChannel out =
                Channels.newChannel(
                    new BufferedOutputStream(new FileOutputStream(target.toFile())))) {
          return transferTo(in, out);
        }
      case "channel-transfer-from-stream":
        try (ReadableByteChannel in =
                Channels.newChannel(new BufferedInputStream(new FileInputStream(source.toFile())));
            FileChannel out = FileChannel.open(target, create())) {
          return transferFrom(in, out, Files.size(source));
        }
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static StandardOpenOption[] create() {
    return new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE};
  }

  private static long transferTo(FileChannel in, WritableByteChannel out) throws Exception {
    long size = in.size();
    long position = 0;
    while (position < size) {
      position += in.transferTo(position, size - position, out);
    }
    return position;
  }

  private static long transferFrom(ReadableByteChannel in, FileChannel out, long size)
      throws Exception {
    long position = 0;
    while (position < size) {
      long n = out.transferFrom(in, position, size - position);
      if (n <= 0) {
        break;
      }
      position += n;
    }
    return position;
  }
}
