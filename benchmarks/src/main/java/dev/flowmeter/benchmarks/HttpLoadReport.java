// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import dev.flowmeter.benchmarks.LoadClient.Tally;
import dev.flowmeter.benchmarks.ServerProcess.Live;
import dev.flowmeter.benchmarks.ServerProcess.Sample;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What {@link HttpLoad} measured: the clients' side, and the server's CPU and heap. */
final class HttpLoadReport {
  /** The delays of the load's first seconds (its start's burst, the JIT's warm-up) set apart. */
  static final int STEADY_AFTER_SECONDS = 5;

  /** The totals of one kind of client (SSE or WebSocket). */
  static final class Clients {
    final String kind;
    final int count;
    final long[] progressDelays;
    final long[] startedDelays;
    final long[] endDelays;
    final long[] steadyProgressDelays;
    final long[] steadyStartedDelays;
    final long[] steadyEndDelays;
    final int fewestStarted;
    final int fewestCompleted;
    final long duplicates;
    final long outOfOrder;
    final long failed;
    final long unexpected;
    final long chars;
    final List<String> lost;

    /**
     * Reads {@code clients}, which must be stopped; the steady delays are those that ended at
     * {@code steadyFromMicros} or later (after the start's burst and the JIT's warm-up).
     */
    Clients(String kind, List<? extends LoadClient> clients, long steadyFromMicros) {
      this.kind = kind;
      this.count = clients.size();
      List<Delays> progress =
          clients.stream().map(LoadClient::progressDelays).collect(Collectors.toList());
      List<Delays> started =
          clients.stream().map(LoadClient::startedDelays).collect(Collectors.toList());
      List<Delays> ends = clients.stream().map(LoadClient::endDelays).collect(Collectors.toList());
      this.progressDelays = Delays.sorted(progress);
      this.startedDelays = Delays.sorted(started);
      this.endDelays = Delays.sorted(ends);
      this.steadyProgressDelays = Delays.sorted(progress, steadyFromMicros);
      this.steadyStartedDelays = Delays.sorted(started, steadyFromMicros);
      this.steadyEndDelays = Delays.sorted(ends, steadyFromMicros);
      List<Tally> tallies = clients.stream().map(LoadClient::tally).collect(Collectors.toList());
      this.fewestStarted = tallies.stream().mapToInt(Tally::started).min().orElse(0);
      this.fewestCompleted = tallies.stream().mapToInt(Tally::completed).min().orElse(0);
      this.duplicates = tallies.stream().mapToLong(Tally::duplicates).sum();
      this.outOfOrder = tallies.stream().mapToLong(Tally::outOfOrder).sum();
      this.failed = tallies.stream().mapToLong(Tally::failed).sum();
      this.unexpected = tallies.stream().mapToLong(Tally::unexpected).sum();
      this.chars = tallies.stream().mapToLong(Tally::chars).sum();
      List<String> lost = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        String why = clients.get(i).lostReason();
        if (why != null) {
          lost.add(kind + " client " + i + ": " + why);
        }
      }
      this.lost = List.copyOf(lost);
    }

    private void print(PrintStream out, int transfers) {
      if (count == 0) {
        return;
      }
      out.printf(
          Locale.ROOT,
          "  %-9s %3d clients: %,d progress events (%,d a client, %.1f MiB of JSON in all)%n",
          kind,
          count,
          progressDelays.length,
          progressDelays.length / count,
          chars / 1048576.0);
      printDelays(out, "progress", progressDelays, steadyProgressDelays);
      out.printf(
          Locale.ROOT,
          "%12slifecycle: the fewest a client got %d/%d started, %d/%d completed; duplicates %d,"
              + " out of order %d, failed %d, unexpected messages %d%n",
          "",
          fewestStarted,
          transfers,
          fewestCompleted,
          transfers,
          duplicates,
          outOfOrder,
          failed,
          unexpected);
      printDelays(out, "started", startedDelays, steadyStartedDelays);
      printDelays(out, "ended", endDelays, steadyEndDelays);
    }

    private static void printDelays(PrintStream out, String what, long[] all, long[] steady) {
      out.printf(
          Locale.ROOT,
          "%12s%s delay: %s; after the first %d s: %s%n",
          "",
          what,
          Delays.summary(all),
          STEADY_AFTER_SECONDS,
          Delays.summary(steady));
    }
  }

  final HttpLoad.Options options;
  final Clients sse;
  final Clients ws;
  final Server server;
  final Run run;

  /**
   * What the server JVM said of itself: its samples (one a second), its heap after a full
   * collection before the load and after it, and its busiest threads (with their share of a core).
   */
  record Server(List<Sample> samples, List<Live> live, List<String> busiestThreads) {}

  /**
   * The run seen from the clients' JVM: its wall time from {@code go} to the last event waited for,
   * the CPU time of the clients' JVM meanwhile, and the machine's load average (every process on
   * it, other builds included) at both ends.
   */
  record Run(
      long startMicros, long nanos, long clientCpuNanos, double loadBefore, double loadAfter) {

    /** The moment the delays count as steady: {@link #STEADY_AFTER_SECONDS} after the start. */
    long steadyFromMicros() {
      return startMicros + STEADY_AFTER_SECONDS * 1_000_000L;
    }
  }

  HttpLoadReport(HttpLoad.Options options, Clients sse, Clients ws, Server server, Run run) {
    this.options = options;
    this.sse = sse;
    this.ws = ws;
    this.server = server;
    this.run = run;
  }

  /** Every client lost on the way, with the reason. */
  List<String> lost() {
    List<String> all = new ArrayList<>(sse.lost);
    all.addAll(ws.lost);
    return all;
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "HttpLoad: %s%n", options);
    out.printf(
        Locale.ROOT,
        "  load ran %.1f s on %d cores; the machine's load average %.1f at the start, %.1f at the"
            + " end%n",
        run.nanos() / 1e9,
        Runtime.getRuntime().availableProcessors(),
        run.loadBefore(),
        run.loadAfter());
    sse.print(out, options.transfers());
    ws.print(out, options.transfers());
    printLost(out);
    printCpu(out);
    printHeap(out);
  }

  /** The disconnections, counted by kind of client and reason (the clients' numbers are not). */
  private void printLost(PrintStream out) {
    List<String> lost = lost();
    if (lost.isEmpty()) {
      out.println("  disconnections: none");
      return;
    }
    Map<String, Long> byReason =
        lost.stream()
            .map(line -> line.replaceFirst(" client \\d+:", ":"))
            .collect(Collectors.groupingBy(line -> line, TreeMap::new, Collectors.counting()));
    out.printf(Locale.ROOT, "  disconnections: %d%n", lost.size());
    byReason.forEach((reason, n) -> out.printf(Locale.ROOT, "    %d x %s%n", n, reason));
  }

  private void printCpu(PrintStream out) {
    List<Sample> samples = server.samples();
    if (samples.size() < 2) {
      out.println("  server CPU: fewer than two samples");
      return;
    }
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    double wall = (last.elapsedMillis() - first.elapsedMillis()) * 1e6;
    double busiest = 0;
    for (int i = 1; i < samples.size(); i++) {
      Sample a = samples.get(i - 1);
      Sample b = samples.get(i);
      double share =
          (b.processCpuNanos() - a.processCpuNanos())
              / ((b.elapsedMillis() - a.elapsedMillis()) * 1e6);
      busiest = Math.max(busiest, share);
    }
    out.printf(
        Locale.ROOT,
        "  server CPU: process %.1f %% of one core on average (busiest second %.1f %%; GC, JIT and"
            + " the %d reading threads included), Flowmeter and server threads %.1f %%;"
            + " the clients' JVM %.1f %%%n",
        100 * (last.processCpuNanos() - first.processCpuNanos()) / wall,
        100 * busiest,
        options.parallel(),
        100 * (last.serverThreadsCpuNanos() - first.serverThreadsCpuNanos()) / wall,
        100.0 * run.clientCpuNanos() / run.nanos());
    out.println("  server's busiest threads: " + String.join(", ", server.busiestThreads()));
  }

  private void printHeap(PrintStream out) {
    List<Sample> samples = server.samples();
    out.println(
        "  server heap after a full GC, by transfers finished (kept for the retention period): "
            + server.live().stream()
                .map(live -> mib(live.bytes()) + " MiB at " + live.finished())
                .collect(Collectors.joining(", ")));
    int step = Math.max(1, samples.size() / 12);
    List<String> series = new ArrayList<>();
    long peak = 0;
    for (int i = 0; i < samples.size(); i++) {
      peak = Math.max(peak, samples.get(i).heapUsed());
      if (i % step == 0 || i == samples.size() - 1) {
        Sample s = samples.get(i);
        series.add(s.elapsedMillis() / 1000 + "s:" + mib(s.heapAfterLastGc()));
      }
    }
    out.printf(
        Locale.ROOT,
        "  server heap after the last GC, over time (MiB): %s; most used %s MiB%n",
        String.join(" ", series),
        mib(peak));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
