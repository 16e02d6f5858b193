// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The main demo: generates files of different sizes and copies them concurrently through {@link
 * Flowmeter#wrap(InputStream, Path)}, so each copy is a transfer named after its file with the
 * file's size as total. The copies are slowed down to {@code --speed} MiB/s each (default 16) so
 * that the bars can be watched; {@code --speed 0} copies at full speed.
 *
 * <pre>
 * java -jar samples/target/flowmeter-samples.jar copy [--speed MiB/s] [--dir folder] [--scale n]
 * </pre>
 */
public final class CopyDemo {
  private CopyDemo() {}

  public static void main(String[] args) throws Exception {
    double speedMiB = 16;
    Path dir = null;
    double scale = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--speed":
          speedMiB = Double.parseDouble(args[i + 1]);
          break;
        case "--dir":
          dir = Path.of(args[i + 1]);
          break;
        case "--scale":
          scale = Double.parseDouble(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option " + args[i] + " (accepted: --speed, --dir, --scale)");
      }
    }
    Path work =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("flowmeter-demo");
    List<Path> sources = new ArrayList<>();
    long[] sizes = {12L << 20, 28L << 20, 48L << 20};
    String[] names = {"photos.tar", "database-dump.sql", "video.mp4"};
    for (int i = 0; i < sizes.length; i++) {
      sources.add(generate(work.resolve(names[i]), (long) (sizes[i] * scale), i));
    }
    long bytesPerSecond = (long) (speedMiB * (1 << 20));
    ExecutorService pool = Executors.newFixedThreadPool(sources.size());
    List<Future<Long>> copies = new ArrayList<>();
    for (Path source : sources) {
      Path target = work.resolve(source.getFileName() + ".copy");
      copies.add(pool.submit(() -> copy(source, target, bytesPerSecond)));
    }
    long total = 0;
    for (Future<Long> copy : copies) {
      total += copy.get();
    }
    pool.shutdown();
    for (Path source : sources) {
      if (Files.mismatch(source, work.resolve(source.getFileName() + ".copy")) != -1) {
        throw new IllegalStateException("copy of " + source + " differs");
      }
    }
    Flowmeter.flush(2_000);
    System.out.println("Copied " + sources.size() + " files, " + total + " bytes, in " + work);
  }

  /**
   * Copies {@code source} to {@code target} through a counting stream, at most at the given rate.
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
        if (bytesPerSecond > 0) {
          long due = start + (long) (copied * 1e9 / bytesPerSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            sleep(wait);
          }
        }
      }
      return copied;
    }
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
