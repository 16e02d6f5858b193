// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A program that prints while its transfers move, as an application using Flowmeter does: run by
 * the tmux tests in a child JVM.
 *
 * <p>While {@code transfers} streams wrapped with {@link Flowmeter#wrap(InputStream, String, long)}
 * are read at a steady pace for about {@code millis} (ending one after another), {@code threads}
 * threads each print {@code lines} numbered lines with {@code System.out.println} ({@code t2 line
 * 0173}); the main thread prints three lines on {@code System.err} ({@code err 1 of 3}) and logs
 * three records through {@code java.util.logging}'s default console handler, the first before
 * Flowmeter is first used; then one line in two parts ({@code partial }, flushed, and {@code done}
 * a moment later) while the last transfer still moves; and {@code all done} once every transfer has
 * ended. Nothing calls {@link Flowmeter#flush}: the summaries appear as the program ends.
 *
 * <pre>
 * java -cp ... dev.flowmeter.samples.tmux.PrintingApp [transfers [threads [lines [millis]]]]
 * </pre>
 */
final class PrintingApp {
  static final int TRANSFERS = 5;
  static final int THREADS = 4;
  static final int LINES = 250;
  static final long MILLIS = 3_000;

  private static final List<String> NAMES =
      List.of("photos.tar", "database-dump.sql", "video.mp4", "logs-2024.zip", "index.json");

  private PrintingApp() {}

  public static void main(String[] args) throws Exception {
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : TRANSFERS;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : THREADS;
    int lines = args.length > 2 ? Integer.parseInt(args[2]) : LINES;
    long millis = args.length > 3 ? Long.parseLong(args[3]) : MILLIS;

    Logger log = Logger.getLogger(PrintingApp.class.getName());
    log.logp(Level.INFO, "App", "run", logLines().get(0));

    List<String> names = names(transfers);
    List<Thread> movers = new ArrayList<>();
    for (int i = 0; i < transfers; i++) {
      String name = names.get(i);
      long total = (4L << 20) * (1 + i % 5);
      long duration = millis / 2 + millis / 2 * i / Math.max(1, transfers - 1);
      movers.add(start(() -> move(name, total, duration)));
    }
    List<Thread> printers = new ArrayList<>();
    for (int t = 1; t <= threads; t++) {
      List<String> own = threadLines(t, lines);
      long pause = millis * 5 / 6 / Math.max(1, lines);
      printers.add(
          start(
              () -> {
                for (String line : own) {
                  System.out.println(line);
                  sleep(pause);
                }
              }));
    }
    for (int k = 0; k < 3; k++) {
      sleep(millis / 6);
      System.err.println(errLines().get(k));
      if (k < 2) {
        log.logp(Level.INFO, "App", "run", logLines().get(k + 1));
      }
    }
    join(printers);
    System.out.print("partial ");
    System.out.flush();
    sleep(millis / 6);
    System.out.println("done");
    join(movers);
    System.out.println("all done");
  }

  /** The names of {@code count} transfers. */
  static List<String> names(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(i < NAMES.size() ? NAMES.get(i) : String.format("part-%02d.bin", i + 1));
    }
    return names;
  }

  /** The lines thread {@code t} prints, in order. */
  static List<String> threadLines(int t, int count) {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      lines.add(String.format("t%d line %04d", t, k));
    }
    return lines;
  }

  /** The lines printed on standard error, in order. */
  static List<String> errLines() {
    return List.of("err 1 of 3", "err 2 of 3", "err 3 of 3");
  }

  /** The messages logged, in order (each shows as {@code INFO: <message>} under its header). */
  static List<String> logLines() {
    return List.of("log 1 of 3", "log 2 of 3", "log 3 of 3");
  }

  /** Reads {@code total} bytes through a wrapped stream, paced to take about {@code millis}. */
  private static void move(String name, long total, long millis) {
    try (InputStream in = Flowmeter.wrap(new Zeros(total), name, total)) {
      byte[] buffer = new byte[64 << 10];
      long start = System.nanoTime();
      long read = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        read += n;
        long due = start + (long) (millis * 1e6 * read / total);
        sleep((due - System.nanoTime()) / 1_000_000);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Thread start(Runnable task) {
    Thread thread = new Thread(task);
    thread.start();
    return thread;
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code size} zero bytes. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
