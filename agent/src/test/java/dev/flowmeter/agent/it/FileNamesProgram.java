// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A program run in a forked JVM: moves files through every file path the agent instruments, each
 * named by a path relative to the working directory with {@code .} and {@code ..} in it ({@code
 * args[0]}: the folder, relative; {@code args[1]}: the size of each file written).
 */
public final class FileNamesProgram {
  private FileNamesProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    String dir = args[0];
    byte[] data = new byte[Integer.parseInt(args[1])];
    try (InputStream in = new FileInputStream(dir + "/sub/../in1.bin")) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    try (InputStream in = new FileInputStream(new File(dir, "./in2.bin"))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    try (OutputStream out = new FileOutputStream(dir + "/sub/../out1.bin")) {
      out.write(data);
    }
    try (OutputStream out = new FileOutputStream(new File(dir, "./out2.bin"))) {
      out.write(data);
    }
    try (RandomAccessFile file = new RandomAccessFile(dir + "/./sub/../in3.bin", "r")) {
      file.readFully(new byte[(int) file.length()]);
    }
    try (InputStream in = Files.newInputStream(Path.of(dir, "sub", "..", "in4.bin"))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    try (OutputStream out = Files.newOutputStream(Path.of(dir, ".", "out3.bin"))) {
      out.write(data);
    }
    try (FileChannel channel = FileChannel.open(Path.of(dir, "sub/../in5.bin"))) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (channel.read(buffer) > 0) {
        buffer.clear();
      }
    }
    Files.copy(Path.of(dir, "sub/../in6.bin"), Path.of(dir, "copy.bin"));
    try (ZipFile zip = new ZipFile(dir + "/sub/../archive.zip")) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
    System.out.println("done");
  }
}
