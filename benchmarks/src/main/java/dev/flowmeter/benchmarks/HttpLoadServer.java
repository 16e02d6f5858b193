// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.management.OperatingSystemMXBean;
import dev.flowmeter.Flowmeter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The application side of {@link HttpLoad}, run in a JVM of its own so that its CPU time and heap
 * are the server's and not the clients': starts Flowmeter with the {@code http} sink (the caller
 * passes {@code -Dflowmeter.sinks=http:0}, which prints the address on standard error), waits for a
 * line {@code go} on standard input, then reads {@code transfers} wrapped streams of {@code bytes}
 * each, {@code parallel} at a time, each at a steady pace over a duration drawn between {@code
 * minMillis} and {@code maxMillis} (so progress keeps changing while they run).
 *
 * <p>Standard output is its report to the benchmark, one line a second while the load runs:
 *
 * <pre>
 * sample ELAPSED_MS PROCESS_CPU_NS NON_LOAD_THREADS_CPU_NS HEAP_USED AFTER_LAST_GC ACTIVE FINISHED
 * </pre>
 *
 * where {@code NON_LOAD_THREADS_CPU_NS} is the CPU time of every Java thread but the ones reading
 * the streams (Flowmeter's and the server's; the JVM's own GC and compiler threads are only in the
 * process figure) and {@code AFTER_LAST_GC} is the heap the last collection (young or full) left.
 * At the end, {@code thread CPU_NS WALL_NS NAME} gives the five busiest threads but the load's (CPU
 * time since {@code go}, and the wall time). {@code live BYTES FINISHED} is the heap after a full
 * collection, with the number of transfers finished then: before the load, once a third and two
 * thirds of them finished (two short pauses of the load, the price of knowing whether what the
 * server holds grows), and after it. {@code done} follows the last transfer; it then waits for
 * standard input to close (at most a minute), so the clients can take the last events, and exits.
 *
 * <pre>
 * java -cp benchmarks.jar -Dflowmeter.sinks=http:0 dev.flowmeter.benchmarks.HttpLoadServer \
 *     TRANSFERS PARALLEL BYTES MIN_MILLIS MAX_MILLIS
 * </pre>
 */
public final class HttpLoadServer {
  private static final String LOAD_THREAD = "load-transfer-";
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private HttpLoadServer() {}

  /** Runs the load described by the five arguments; see the class comment. */
  public static void main(String[] args) throws Exception {
    int transfers = Integer.parseInt(args[0]);
    int parallel = Integer.parseInt(args[1]);
    long bytes = Long.parseLong(args[2]);
    long minMillis = Long.parseLong(args[3]);
    long maxMillis = Long.parseLong(args[4]);
    Flowmeter.configure(); // starts the http sink now, so its address is printed before "go"
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("live " + liveAfterFullGc() + " 0");
    System.out.println("ready");
    if (!"go".equals(stdin.readLine())) {
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpuAtGo = threadCpu(threads);
    long go = System.nanoTime();
    AtomicInteger active = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Thread sampler = sampler(transfers, active, finished);
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(parallel, loadThreads());
    Random random = new Random(11);
    for (int i = 0; i < transfers; i++) {
      String name = "load-" + i + ".bin";
      long millis = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
      pool.execute(
          () -> {
            active.incrementAndGet();
            try {
              download(name, bytes, TimeUnit.MILLISECONDS.toNanos(millis));
            } finally {
              active.decrementAndGet();
              finished.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    Flowmeter.flush(30_000);
    sampler.interrupt();
    sampler.join();
    printBusiestThreads(threads, cpuAtGo, System.nanoTime() - go);
    System.out.println("live " + liveAfterFullGc() + " " + finished.get());
    System.out.println("done");
    Thread waiter = new Thread(() -> drain(stdin), "stdin");
    waiter.setDaemon(true);
    waiter.start();
    waiter.join(60_000);
    System.exit(0);
  }

  /** Reads {@code bytes} from a paced source through a wrapped stream, as a download would. */
  private static void download(String name, long bytes, long nanos) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in =
        Flowmeter.transfer()
            .operation("download")
            .name(name)
            .totalBytes(bytes)
            .wrap(new PacedSource(bytes, nanos))) {
      while (in.read(buffer) >= 0) {
        // the bytes go nowhere: what is measured is their progress
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread sampler(int transfers, AtomicInteger active, AtomicInteger finished) {
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    int[] third = {1}; // the next third of the transfers after which the live heap is taken
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.out.printf(
                    Locale.ROOT,
                    "sample %d %d %d %d %d %d %d%n",
                    (System.nanoTime() - t0) / 1_000_000,
                    os.getProcessCpuTime(),
                    nonLoadThreadsCpu(threads),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    afterLastGc(),
                    active.get(),
                    finished.get());
                try {
                  int done = finished.get();
                  if (third[0] < 3 && done >= transfers * third[0] / 3) {
                    System.out.println("live " + liveAfterFullGc() + " " + done);
                    third[0]++;
                  }
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sampler");
    sampler.setDaemon(true);
    return sampler;
  }

  private static long nonLoadThreadsCpu(ThreadMXBean threads) {
    return threadCpu(threads).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The CPU time of each live thread but the load's, by id. */
  private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && !info.getThreadName().startsWith(LOAD_THREAD)) {
        cpu.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
      }
    }
    return cpu;
  }

  /**
   * Prints {@code thread CPU_NS WALL_NS NAME} for the five threads (the load's aside) that used the
   * most CPU since {@code go}: whether one of the server's I/O threads is saturated shows here.
   */
  private static void printBusiestThreads(
      ThreadMXBean threads, Map<Long, Long> before, long wallNanos) {
    Map<Long, Long> after = threadCpu(threads);
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(5)
        .forEach(
            e -> {
              ThreadInfo info = threads.getThreadInfo(e.getKey());
              String name = info == null ? "#" + e.getKey() : info.getThreadName();
              System.out.println("thread " + e.getValue() + " " + wallNanos + " " + name);
            });
  }

  /**
   * The heap the most recent collection of any collector left in use, or -1 before the first (its
   * report names every memory pool: only the heap's are counted).
   */
  private static long afterLastGc() {
    long latestEnd = -1;
    long used = -1;
    for (GarbageCollectorMXBean gc :
        ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class)) {
      GcInfo info = gc.getLastGcInfo();
      if (info != null && info.getEndTime() > latestEnd) {
        latestEnd = info.getEndTime();
        used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
          used += HEAP_POOLS.contains(pool.getKey()) ? pool.getValue().getUsed() : 0;
        }
      }
    }
    return used;
  }

  /**
   * The heap a full collection leaves, as that collection reported it: mid-run the load goes on
   * allocating, so the heap in use a moment later would count its new garbage too.
   */
  private static long liveAfterFullGc() {
    System.gc();
    return afterLastGc();
  }

  private static ThreadFactory loadThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, LOAD_THREAD + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void drain(BufferedReader stdin) {
    try {
      while (stdin.readLine() != null) {
        // waits for the benchmark to close standard input
      }
    } catch (IOException e) {
      // the benchmark is gone: nothing to wait for
    }
  }

  /**
   * A source of {@code size} bytes that hands them out at a steady pace over {@code nanos}: each
   * read waits until the clock reaches the moment its last byte is due. The bytes are whatever the
   * caller's buffer held.
   */
  private static final class PacedSource extends InputStream {
    private static final int CHUNK = 64 * 1024;
    private final long size;
    private final long nanos;
    private final long start = System.nanoTime();
    private long position;

    PacedSource(long size, long nanos) {
      this.size = size;
      this.nanos = nanos;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, CHUNK), size - position);
      long due = start + (long) ((double) nanos * (position + n) / size);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      position += n;
      return n;
    }
  }
}
