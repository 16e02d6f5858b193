// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.console.BenchmarkConsoles;
import dev.flowmeter.sink.ProgressSink;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console sink under the real tracker: {@code count} transfers (10,000 by default) running,
 * advanced by 4 threads, with the console sink drawing on a terminal of 120 x 40 (a fake one: a
 * stream that discards what it is given) at its default interval of 100 ms. After 5 s to warm up,
 * prints the CPU time each of Flowmeter's threads used in the next 10 s as a share of one core
 * ({@link ThreadMXBean}), and the bytes the console wrote per second. With {@code empty} as the
 * second argument, a sink that does nothing stands in for the console: the difference is what
 * drawing costs beyond the delivery every sink pays. Not JMH: the work measured is on Flowmeter's
 * threads, not on the caller's.
 *
 * <pre>
 * java -Dflowmeter.sinks=none -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.ConsoleLoad
 * java -Dflowmeter.sinks=none -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.ConsoleLoad 10000 empty
 * </pre>
 */
public final class ConsoleLoad {
  private ConsoleLoad() {}

  /**
   * Runs with {@code args[0]} transfers, 10,000 when not given, and the console sink, or a sink
   * that does nothing when {@code args[1]} is {@code empty}.
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    boolean empty = args.length > 1 && args[1].equals("empty");
    DiscardingStream out = new DiscardingStream();
    ProgressSink sink =
        empty
            ? event -> {}
            : BenchmarkConsoles.onTerminal(
                new PrintStream(out, false, StandardCharsets.UTF_8), 120, 40);
    Flowmeter.addSink(empty ? "empty-load" : "console-load", sink, Duration.ofMillis(100));
    List<Transfer> transfers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      transfers.add(Flowmeter.start("/data/incoming/part-" + i + ".bin", 1L << 40));
    }
    DeliveryLoad.advance(transfers, 5_000_000_000L); // warm-up
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> before = DeliveryLoad.flowmeterCpu(mx);
    long written = out.bytes();
    long t0 = System.nanoTime();
    DeliveryLoad.advance(transfers, 10_000_000_000L);
    long wall = System.nanoTime() - t0;
    Map<String, Long> after = DeliveryLoad.flowmeterCpu(mx);
    System.out.printf(
        Locale.ROOT,
        "console: %d transfers running for %.1f s on a 120 x 40 terminal (interval %s), %.0f KiB"
            + " drawn per second:%n",
        count,
        wall / 1e9,
        System.getProperty("flowmeter.interval", "default"),
        (out.bytes() - written) / 1024.0 / (wall / 1e9));
    DeliveryLoad.printCpu(before, after, wall);
    for (Transfer t : transfers) {
      t.complete();
    }
    Flowmeter.flush(60_000);
  }
}
