// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The main demo: generates files of different sizes and copies them concurrently through {@link
 * Flowmeter#wrap(InputStream, Path)}, so each copy is a transfer named after its file with the
 * file's size as total. The copies are slowed down to {@code --speed} MiB/s each (default 16) so
 * that the bars can be watched; {@code --speed 0} copies at full speed.
 *
 * <pre>
 * java -jar samples/target/flowmeter-samples.jar copy [--speed MiB/s] [--scale n] [--dir folder]
 * </pre>
 *
 * <p>The files (88 MiB at scale 1, and their copies) are made in a new temporary folder, or in
 * {@code --dir}, and deleted at the end, also when the demo fails or is stopped with Ctrl+C (see
 * {@link Scratch}). The copying threads are daemons: a failure never leaves the JVM running.
 */
public final class CopyDemo {
  /** The options, as {@code --help} shows them. */
  static final String OPTIONS = "[--speed MiB/s] [--scale n] [--dir dir]";

  private static final String[] NAMES = {"photos.tar", "database-dump.sql", "video.mp4"};
  private static final long[] SIZES = {12L << 20, 28L << 20, 48L << 20};

  private CopyDemo() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    double speedMiB = 16;
    double scale = 1;
    Path dir = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--speed":
          speedMiB = Options.number(args, i, false, 1_000_000, OPTIONS);
          break;
        case "--scale":
          scale = Options.number(args, i, true, 100, OPTIONS);
          break;
        case "--dir":
          dir = Path.of(Options.value(args, i, OPTIONS));
          break;
        default:
          throw new UsageException("unknown option '" + args[i] + "' (accepted: " + OPTIONS + ")");
      }
    }
    try (Scratch scratch = dir == null ? Scratch.temporary("flowmeter-demo") : Scratch.in(dir)) {
      long total = run(scratch, scale, (long) (speedMiB * (1 << 20)));
      Flowmeter.flush(2_000);
      System.out.println(
          "Copied "
              + NAMES.length
              + " files, "
              + total
              + " bytes, in "
              + scratch.dir()
              + " (deleted again)");
    }
  }

  /** Makes the files in {@code scratch}, copies them at once; returns the bytes copied. */
  private static long run(Scratch scratch, double scale, long bytesPerSecond)
      throws IOException, InterruptedException {
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < NAMES.length; i++) {
      sources.add(generate(scratch.file(NAMES[i]), (long) (SIZES[i] * scale), i));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            sources.size(),
            task -> {
              Thread thread = new Thread(task, "flowmeter-demo-copy");
              thread.setDaemon(true); // whatever happens, the JVM can end
              return thread;
            });
    scratch.stopFirst(pool);
    try {
      List<Future<Long>> copies = new ArrayList<>();
      for (Path source : sources) {
        Path target = scratch.file(source.getFileName() + ".copy");
        copies.add(pool.submit(() -> copy(source, target, bytesPerSecond)));
      }
      long total = 0;
      for (Future<Long> copy : copies) {
        total += result(copy);
      }
      for (Path source : sources) {
        if (Files.mismatch(source, source.resolveSibling(source.getFileName() + ".copy")) != -1) {
          throw new IOException("the copy of " + source + " differs from it");
        }
      }
      return total;
    } finally {
      pool.shutdownNow(); // after a failure, the other copies stop too
      pool.awaitTermination(Scratch.STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** What {@code copy} returned, or what it threw. */
  private static long result(Future<Long> copy) throws IOException, InterruptedException {
    try {
      return copy.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Copies {@code source} to {@code target} through a counting stream, at most at the given rate;
   * stops with an {@link InterruptedIOException} when the thread is interrupted.
   */
  static long copy(Path source, Path target, long bytesPerSecond) throws IOException {
    try (InputStream in = Flowmeter.wrap(Files.newInputStream(source), source);
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[64 * 1024];
      long copied = 0;
      long start = System.nanoTime();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        copied += n;
        long wait =
            bytesPerSecond > 0
                ? start + (long) (copied * 1e9 / bytesPerSecond) - System.nanoTime()
                : 0;
        if (wait > 0) {
          sleep(wait, source);
        } else if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("the copy of " + source.getFileName() + " stopped");
        }
      }
      return copied;
    }
  }

  private static void sleep(long nanos, Path source) throws InterruptedIOException {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the copy of " + source.getFileName() + " stopped");
    }
  }

  private static Path generate(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return file;
  }
}
