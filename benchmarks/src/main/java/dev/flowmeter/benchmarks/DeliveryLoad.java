// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.SinkDispatcher;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.sink.ProgressSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads the tracker and its file sinks as a busy application would, and prints what it cost: the
 * delivery promise (everything reaches every sink) and the bounded-cost promise (peak heap, CPU of
 * Flowmeter's own threads). Not a JMH benchmark: what it measures is Flowmeter's background work,
 * not a call on the application's thread.
 *
 * <p>{@code burst}: 200,000 wrapped streams of 100 bytes read from 32 threads as fast as they go,
 * with the {@code csv} and {@code jsonl} sinks; prints the time, the peak heap used while the sinks
 * catch up, the most transfers a sink had waiting, and the rows each file holds. {@code hold}: the
 * same 200,000 transfers, given to two sinks that take nothing until all are made; prints the time
 * the application threads took (starting and ending transfers, with nothing delivered meanwhile)
 * and the heap the sinks' backlogs hold after a full collection, per waiting transfer. {@code
 * slow}: a sink that takes 1 ms per event, fed for 20 s by 4 threads reading small streams as fast
 * as they go (an over-rate stream that never ends); prints the most transfers it had waiting, the
 * peak heap and what it missed. {@code active}: 10,000 transfers running at once, each advanced
 * continuously by 4 threads for 20 s, at the default interval; prints the CPU time of the reporter
 * thread and of each sink thread as a share of one core.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.DeliveryLoad burst
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.DeliveryLoad hold
 * java -Xmx64m -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.DeliveryLoad slow
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.DeliveryLoad active
 * </pre>
 */
public final class DeliveryLoad {
  private DeliveryLoad() {}

  /**
   * Runs {@code burst}, {@code hold}, {@code slow} or {@code active} (burst and active when no
   * argument is given).
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "both";
    Path dir = Files.createTempDirectory("flowmeter-load");
    Path csv = dir.resolve("load.csv");
    Path jsonl = dir.resolve("load.jsonl");
    if (System.getProperty("flowmeter.sinks") == null) {
      boolean files = mode.equals("burst") || mode.equals("active") || mode.equals("both");
      System.setProperty("flowmeter.sinks", files ? "csv:" + csv + ",jsonl:" + jsonl : "none");
    }
    try {
      if (mode.equals("burst") || mode.equals("both")) {
        burst(csv, jsonl);
      }
      if (mode.equals("hold")) {
        hold();
      }
      if (mode.equals("slow")) {
        slow();
      }
      if (mode.equals("active") || mode.equals("both")) {
        active();
      }
    } finally {
      deleteQuietly(csv, jsonl, dir);
    }
  }

  /**
   * Deletes the load's files and their folder: the sinks may still hold them open until the JVM
   * exits (fine on Linux and macOS); where a file cannot be deleted yet, it goes at exit.
   */
  private static void deleteQuietly(Path... paths) {
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        path.toFile().deleteOnExit();
      }
    }
  }

  private static void burst(Path csv, Path jsonl) throws Exception {
    int threads = 32;
    int perThread = 6_250;
    PeakHeap peak = new PeakHeap();
    peak.start();
    long t0 = System.nanoTime();
    readSmallStreams(threads, perThread, Long.MAX_VALUE);
    long produced = System.nanoTime() - t0;
    boolean flushed = Flowmeter.flush(300_000);
    long delivered = System.nanoTime() - t0;
    peak.stopSampling();
    long csvRows = countLines(csv, ",completed");
    long jsonlRows = countLines(jsonl, "\"status\":\"completed\"");
    System.out.printf(
        Locale.ROOT,
        "burst: %d transfers from %d threads in %.2f s; all delivered after %.2f s (flush %s);"
            + " completed rows: csv %d, jsonl %d; peak heap used %.1f MiB, live after GC %.1f MiB"
            + " (%.1f MiB before); at most %d transfers waiting for a sink%n",
        threads * perThread,
        threads,
        produced / 1e9,
        delivered / 1e9,
        flushed,
        csvRows,
        jsonlRows,
        peak.peak / 1048576.0,
        peak.peakLive / 1048576.0,
        peak.before / 1048576.0,
        peak.peakPending);
  }

  /**
   * Reads {@code perThread} streams of 100 bytes on each of {@code threads} threads, each wrapped,
   * or fewer when {@code untilNanos} comes first; returns how many were read.
   */
  private static long readSmallStreams(int threads, long perThread, long untilNanos)
      throws InterruptedException {
    byte[] data = new byte[100];
    AtomicLong read = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      Thread worker =
          new Thread(
              () -> {
                for (long i = 0; i < perThread && System.nanoTime() < untilNanos; i++) {
                  try (InputStream in =
                      Flowmeter.wrap(new ByteArrayInputStream(data), "t", data.length)) {
                    in.readAllBytes();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  read.incrementAndGet();
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return read.get();
  }

  private static void hold() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<ProgressSink> held = List.of(new HeldSink(release), new HeldSink(release));
    for (int i = 0; i < held.size(); i++) {
      Flowmeter.addSink("held-" + i, held.get(i), Duration.ZERO);
    }
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    readSmallStreams(32, 6_250, Long.MAX_VALUE);
    long made = System.nanoTime() - t0;
    long waiting = pending();
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "hold: 200000 transfers made in %.2f s, waiting for %d held sinks (at most %d for one):"
            + " heap %.1f MiB after GC (%.1f MiB before), %d bytes per waiting transfer%n",
        made / 1e9,
        held.size(),
        waiting,
        after / 1048576.0,
        before / 1048576.0,
        waiting == 0 ? 0 : (after - before) / waiting);
    release.countDown();
    Flowmeter.flush(300_000);
  }

  private static void slow() throws Exception {
    AtomicLong finals = new AtomicLong();
    ProgressSink slow =
        event -> {
          if (event.isFinal()) {
            finals.incrementAndGet();
          }
          try {
            Thread.sleep(1); // a sink that writes to a slow remote store, one event at a time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Flowmeter.addSink("slow", slow, Duration.ZERO);
    PeakHeap peak = new PeakHeap();
    peak.start();
    long read = readSmallStreams(4, Long.MAX_VALUE, System.nanoTime() + 20_000_000_000L);
    long waiting = pending();
    boolean flushed = Flowmeter.flush(1_000);
    peak.stopSampling();
    System.out.printf(
        Locale.ROOT,
        "slow: %d transfers in 20 s for a sink of 1 ms per event: at most %d waiting for it (%d"
            + " at the end), %d delivered so far; flush %s; peak heap used %.1f MiB, live after GC"
            + " %.1f MiB%n",
        read,
        peak.peakPending,
        waiting,
        finals.get(),
        flushed,
        peak.peak / 1048576.0,
        peak.peakLive / 1048576.0);
    System.exit(0); // the slow sink's backlog is not waited for
  }

  private static void active() throws Exception {
    int count = 10_000;
    List<Transfer> transfers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      transfers.add(Flowmeter.start("active-" + i, 1L << 40));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> before = flowmeterCpu(mx);
    long t0 = System.nanoTime();
    advance(transfers, 20_000_000_000L);
    long wall = System.nanoTime() - t0;
    Map<String, Long> after = flowmeterCpu(mx);
    System.out.printf(
        Locale.ROOT,
        "active: %d transfers running for %.1f s (interval %s):%n",
        count,
        wall / 1e9,
        System.getProperty("flowmeter.interval", "default"));
    printCpu(before, after, wall);
    for (Transfer t : transfers) {
      t.complete();
    }
    Flowmeter.flush(60_000);
  }

  /**
   * Advances every transfer by 1 KiB every 10 ms or so, from 4 threads (an application that moves
   * data, not a spin loop), for {@code nanos}; returns the bytes moved.
   */
  static long advance(List<Transfer> transfers, long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    int count = transfers.size();
    AtomicLong moved = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int first = w;
      Thread worker =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  for (int i = first; i < count; i += 4) {
                    transfers.get(i).advance(1024);
                  }
                  moved.addAndGet(1024L * count / 4);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return moved.get();
  }

  /** Prints the CPU each of Flowmeter's threads used between two readings, as a share of a core. */
  static void printCpu(Map<String, Long> before, Map<String, Long> after, long wallNanos) {
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long cpu = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      System.out.printf(
          Locale.ROOT, "  %-28s %5.2f %% of one core%n", e.getKey(), 100.0 * cpu / wallNanos);
    }
  }

  /** CPU nanoseconds used so far by each of Flowmeter's threads, by name. */
  static Map<String, Long> flowmeterCpu(ThreadMXBean mx) {
    Map<String, Long> cpu = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("flowmeter-")) {
        String name = info.getThreadName();
        if (!seen.add(name)) {
          name = name + "#" + info.getThreadId();
        }
        cpu.put(name, Math.max(0, mx.getThreadCpuTime(info.getThreadId())));
      }
    }
    return cpu;
  }

  /** The most transfers any sink or listener of the tracker has waiting now. */
  private static long pending() {
    long most = 0;
    for (SinkDispatcher sink : Tracker.global().sinks()) {
      most = Math.max(most, sink.pending());
    }
    return most;
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long countLines(Path file, String containing) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(containing)).count();
    }
  }

  /**
   * Samples the heap every 5 ms and keeps the highest figures: in use (garbage included, so it
   * depends on -Xmx) and live (what the last collection of each heap pool left, the part the
   * tracker and its sinks really hold), and the most transfers a sink had waiting.
   */
  private static final class PeakHeap extends Thread {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    final long before;
    volatile long peak;
    volatile long peakLive;
    volatile long peakPending;
    private volatile boolean running = true;

    PeakHeap() {
      super("peak-heap");
      setDaemon(true);
      System.gc();
      before = memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void run() {
      while (running) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        long live = 0;
        for (MemoryPoolMXBean pool : pools) {
          MemoryUsage afterGc =
              pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
          live += afterGc == null ? 0 : afterGc.getUsed();
        }
        peakLive = Math.max(peakLive, live);
        peakPending = Math.max(peakPending, pending());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopSampling() throws InterruptedException {
      running = false;
      join();
    }
  }

  /** A sink that takes nothing until released: everything offered to it waits. */
  private static final class HeldSink implements ProgressSink {
    private final CountDownLatch release;

    HeldSink(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public void onEvent(ProgressEvent event) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
