// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.sink.LiveTransfers;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A program run in a forked JVM under the agent: on each kind of JDK stream the agent counts (file
 * streams, {@code RandomAccessFile}, file channel, gzip, a {@code ZipFile} entry), moves {@link
 * #PART} bytes, cancels the stream's transfer by id through a sink's control ({@link
 * ControlSinkProvider}, as a dashboard would), then tries to move more, twice, and closes. Prints
 * one line per stream: {@code <kind>: <outcome> | <outcome> | close ok}, where an outcome is {@code
 * moved <n>} or {@code threw <exception>}. Then, for the cancellations at JVM shutdown, leaves a
 * stream half read for a shutdown hook that waits until Flowmeter cancelled its transfer and reads
 * on, printing {@code shutdown: <outcome>}.
 *
 * <p>Arguments: the folder for its files.
 */
public final class CancelProgram {
  static final int SIZE = 4 * 1024 * 1024;
  static final int PART = 1024 * 1024;

  private CancelProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    Path dir = Path.of(args[0]);
    Path file = dir.resolve("source.bin");
    Files.write(file, new byte[SIZE]);
    Path gz = dir.resolve("source.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(new byte[SIZE]);
    }
    LiveTransfers control = ControlSinkProvider.transfers();
    byte[] buffer = new byte[8192];

    try (InputStream in = new FileInputStream(file.toFile())) {
      readPart(in, buffer);
      cancel(control, file.toString());
      report("stream", () -> moved(in.read(buffer)), () -> moved(oneByte(in.read())), in::close);
    }
    try (InputStream in = new FileInputStream(file.toFile())) {
      readPart(in, buffer);
      cancel(control, file.toString());
      OutputStream sink = OutputStream.nullOutputStream();
      report(
          "transferTo", () -> moved(in.transferTo(sink)), () -> moved(in.read(buffer)), in::close);
    }
    Path target = dir.resolve("target.bin");
    try (OutputStream out = new FileOutputStream(target.toFile())) {
      for (int n = 0; n < 2 * PART; n += buffer.length) {
        out.write(buffer);
      }
      cancel(control, target.toString());
      report(
          "write",
          () -> {
            out.write(buffer);
            return "moved " + buffer.length;
          },
          () -> {
            out.write(1);
            return "moved 1";
          },
          out::close);
    }
    System.out.println("written: " + Files.size(target));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      readPart(raf::read, buffer);
      cancel(control, file.toString());
      report("raf", () -> moved(raf.read(buffer)), () -> moved(oneByte(raf.read())), raf::close);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bytes = ByteBuffer.wrap(buffer);
      WritableByteChannel discard = Channels.newChannel(OutputStream.nullOutputStream());
      readPart(
          (b, off, len) -> {
            bytes.clear();
            return channel.read(bytes);
          },
          buffer);
      cancel(control, file.toString());
      report(
          "channel",
          () -> moved(channel.read(bytes.clear())),
          () -> moved(channel.transferTo(0, PART, discard)),
          channel::close);
    }
    try (InputStream in = new GZIPInputStream(new FileInputStream(gz.toFile()))) {
      readPart(in, buffer);
      cancel(control, gz + " (gunzip)");
      report("gunzip", () -> moved(in.read(buffer)), () -> moved(oneByte(in.read())), in::close);
    }

    Path zip = dir.resolve("source.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("entry.bin"));
      out.write(new byte[SIZE]);
    }
    try (ZipFile archive = new ZipFile(zip.toFile());
        InputStream in = archive.getInputStream(archive.getEntry("entry.bin"))) {
      readPart(in, buffer);
      cancel(control, "entry.bin");
      report("zipEntry", () -> moved(in.read(buffer)), () -> moved(oneByte(in.read())), in::close);
    }

    InputStream left = new FileInputStream(file.toFile());
    readPart(left, buffer);
    long id = running(file.toString());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> readOnAfterShutdownCancel(control, id, left, buffer)));
  }

  /** In a shutdown hook: once Flowmeter cancelled the transfer at shutdown, reads on. */
  private static void readOnAfterShutdownCancel(
      LiveTransfers control, long id, InputStream in, byte[] buffer) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String status = "";
    while (System.nanoTime() < deadline) {
      status = control.find(id).map(e -> e.status().name()).orElse("gone");
      if (!status.equals("IN_PROGRESS") && !status.equals("STARTING")) {
        break;
      }
      Thread.onSpinWait();
    }
    String outcome;
    try {
      long n = 0;
      for (int r; (r = in.read(buffer)) > 0; ) {
        n += r;
      }
      in.close();
      outcome = "moved " + n;
    } catch (IOException | RuntimeException e) {
      outcome = "threw " + e;
    }
    System.out.println("shutdown: " + status + ", then " + outcome);
  }

  private static void readPart(InputStream in, byte[] buffer) throws IOException {
    readPart(in::read, buffer);
  }

  private static void readPart(Read read, byte[] buffer) throws IOException {
    for (int n = 0; n < PART; ) {
      int r = read.read(buffer, 0, buffer.length);
      if (r < 0) {
        throw new IOException("end of stream before " + PART);
      }
      n += r;
    }
  }

  /** Cancels the running transfer named {@code name} by its id, as a sink would. */
  private static void cancel(LiveTransfers control, String name) throws InterruptedException {
    if (!control.cancel(running(name), "by test")) {
      throw new IllegalStateException("not cancelled: " + name);
    }
  }

  /** The id of the running transfer named {@code name}; waits at most 10 s for it. */
  private static long running(String name) throws InterruptedException {
    return Agents.running(name::equals, "named " + name);
  }

  /** What {@code read()} moved: one byte, or -1 at the end. */
  private static int oneByte(int read) {
    return read < 0 ? -1 : 1;
  }

  private static String moved(long n) {
    return "moved " + n;
  }

  private static void report(String kind, Call first, Call second, Close close) {
    StringBuilder line = new StringBuilder(kind).append(": ");
    line.append(outcome(first)).append(" | ").append(outcome(second)).append(" | ");
    try {
      close.close();
      line.append("close ok");
    } catch (IOException | RuntimeException e) {
      line.append("close threw ").append(e);
    }
    System.out.println(line);
  }

  private static String outcome(Call call) {
    try {
      return call.call();
    } catch (IOException | RuntimeException e) {
      return "threw " + e;
    }
  }

  private interface Call {
    String call() throws IOException;
  }

  private interface Close {
    void close() throws IOException;
  }

  private interface Read {
    int read(byte[] b, int off, int len) throws IOException;
  }
}
