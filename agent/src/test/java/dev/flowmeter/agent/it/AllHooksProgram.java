// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A program run in a forked JVM that calls every method the agent hooks in the JDK's file, channel,
 * zip and gzip classes, each way it can end (a value, the end of the data, an exception), and
 * prints what it moved: the same lines with and without the agent.
 */
public final class AllHooksProgram {
  private static final int SIZE = 300_000;

  private AllHooksProgram() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    byte[] data = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      data[i] = (byte) (i * 31);
    }
    Path a = dir.resolve("a.bin");
    try (FileOutputStream out = new FileOutputStream(a.toFile())) {
      out.write(data[0]);
      out.write(data, 1, 999);
      out.write(java.util.Arrays.copyOfRange(data, 1000, SIZE));
    }
    long read = 0;
    try (FileInputStream in = new FileInputStream(a.toFile())) {
      read += in.read() >= 0 ? 1 : 0;
      read += in.read(new byte[999]);
      read += in.read(new byte[1000], 0, 1000);
      read += in.readNBytes(1000).length;
      read += in.transferTo(new ByteArrayOutputStream());
      read += Math.max(0, in.read());
      read += in.readAllBytes().length;
    }
    System.out.println("streams " + read);
    try (FileInputStream in = new FileInputStream(a.toFile())) {
      in.read(new byte[10], 5, 10); // the caller's argument error: thrown and caught
    } catch (IndexOutOfBoundsException e) {
      System.out.println("argument error caught");
    }
    try (RandomAccessFile file = new RandomAccessFile(dir.resolve("b.bin").toFile(), "rw")) {
      file.write(1);
      file.write(data);
      file.write(data, 0, 10);
      file.seek(0);
      long n = file.read() + file.read(new byte[100]) + file.read(new byte[100], 0, 100);
      System.out.println("random access " + file.length() + " " + n);
    }
    Path c = dir.resolve("c.bin");
    try (FileChannel in = FileChannel.open(a);
        FileChannel out =
            FileChannel.open(c, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      long moved = 0;
      while (in.read(buffer) > 0) {
        buffer.flip();
        moved += out.write(buffer);
        buffer.clear();
      }
      moved += in.transferTo(0, 1000, out);
      moved += out.transferFrom(FileChannel.open(a), moved, 1000);
      moved += in.read(new ByteBuffer[] {ByteBuffer.allocate(10)}, 0, 1);
      System.out.println("channels " + moved);
    }
    Files.copy(a, dir.resolve("d.bin"));
    System.out.println("copied " + Files.size(dir.resolve("d.bin")));
    try {
      Files.copy(dir.resolve("missing.bin"), dir.resolve("e.bin"));
    } catch (IOException e) {
      System.out.println("copy failed " + e.getClass().getSimpleName());
    }
    Path gz = dir.resolve("a.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(new FileOutputStream(gz.toFile()))) {
      out.write(data, 0, SIZE);
    }
    try (InputStream in = new GZIPInputStream(new FileInputStream(gz.toFile()))) {
      System.out.println("gunzipped " + in.readAllBytes().length);
    }
    Path zip = dir.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip.toFile()))) {
      out.putNextEntry(new ZipEntry("one.bin"));
      out.write(data);
      out.closeEntry();
    }
    try (ZipInputStream in = new ZipInputStream(new FileInputStream(zip.toFile()))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        System.out.println("entry " + entry.getName() + " " + in.readAllBytes().length);
      }
    }
    try (ZipFile file = new ZipFile(zip.toFile())) {
      try (InputStream in = file.getInputStream(file.getEntry("one.bin"))) {
        System.out.println("zip file entry " + in.readAllBytes().length);
      }
    }
    Path broken = dir.resolve("broken.zip");
    Files.write(broken, new byte[100]);
    try (ZipFile file = new ZipFile(broken.toFile())) {
      System.out.println("broken zip opened " + file.size());
    } catch (IOException e) {
      System.out.println("broken zip " + e.getClass().getSimpleName());
    }
  }
}
