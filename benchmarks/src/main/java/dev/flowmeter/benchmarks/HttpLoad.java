// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code http} sink under load: 100 Server-Sent Events clients and 20 WebSocket clients follow
 * 1,000 transfers, 100 at a time, and the benchmark prints how late progress reached them and what
 * the server spent. Not a JMH benchmark: what it measures is delivery to other processes.
 *
 * <p>The application runs in a JVM of its own ({@link HttpLoadServer}, with {@code
 * -Dflowmeter.sinks=http:0} and nothing else, and {@code -Xmx256m}), so that its CPU time and heap
 * are the server's alone. Each transfer is a wrapped stream of 4 MiB read at a steady pace over 2
 * to 5 s, so progress keeps changing. The clients, in this JVM, connect first (SSE to {@code
 * /api/progress/stream}, WebSocket to {@code /api/progress/ws} subscribed to {@code "*"}); then the
 * transfers run. For every event a client receives, its delay is its arrival on the wall clock
 * minus its {@code timestamp} (the moment of the snapshot it carries; one machine, one clock).
 *
 * <p>Printed: per kind of client, the progress events received and their delay (p50, p90, p99, max;
 * over the whole run and after its first 5 s, the start's burst and the JIT's warm-up), the
 * lifecycle events (every client must get every transfer's {@code started} and {@code completed},
 * once and in order), disconnections (none expected at this load), the server's CPU as a share of
 * one core and its heap over time. The whole run takes about 45 s.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.HttpLoad
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.HttpLoad \
 *     --sse 5 --ws 2 --transfers 20 --parallel 10 --kib 256 --millis 300-800
 * </pre>
 *
 * <p>Options: {@code --sse N}, {@code --ws N}, {@code --transfers N}, {@code --parallel N}, {@code
 * --kib N} (each transfer's size), {@code --millis MIN-MAX} (each transfer's duration), {@code
 * --interval D} (the sink's {@code flowmeter.sink.http.interval}; its default when absent), {@code
 * --server-heap SIZE} (the server JVM's {@code -Xmx}).
 */
public final class HttpLoad {
  private static final int CLIENTS_PER_HTTP_CLIENT = 10;
  private static final long READY_MILLIS = 30_000;
  private static final long LAST_EVENTS_MILLIS = 20_000;

  private HttpLoad() {}

  /** What to run: the counts, the transfers' shape and the server's settings. */
  record Options(
      int sse,
      int ws,
      int transfers,
      int parallel,
      long kib,
      long minMillis,
      long maxMillis,
      @Nullable String interval,
      String serverHeap) {

    private static final Set<String> KEYS =
        Set.of(
            "--sse",
            "--ws",
            "--transfers",
            "--parallel",
            "--kib",
            "--millis",
            "--interval",
            "--server-heap");

    /** The options of {@code args} (pairs {@code --key value}), the defaults for the others. */
    static Options parse(String... args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!KEYS.contains(args[i]) || i + 1 == args.length) {
          throw new IllegalArgumentException(
              "unknown option or missing value: " + args[i] + " (accepted: " + KEYS + ")");
        }
        given.put(args[i], args[i + 1]);
      }
      String[] millis = given.getOrDefault("--millis", "2000-5000").split("-", 2);
      return new Options(
          Integer.parseInt(given.getOrDefault("--sse", "100")),
          Integer.parseInt(given.getOrDefault("--ws", "20")),
          Integer.parseInt(given.getOrDefault("--transfers", "1000")),
          Integer.parseInt(given.getOrDefault("--parallel", "100")),
          Long.parseLong(given.getOrDefault("--kib", "4096")),
          Long.parseLong(millis[0]),
          Long.parseLong(millis[millis.length - 1]),
          given.get("--interval"),
          given.getOrDefault("--server-heap", "256m"));
    }

    List<String> serverJvmOptions() {
      List<String> jvm = new ArrayList<>(List.of("-Xmx" + serverHeap, "-Dflowmeter.sinks=http:0"));
      if (interval != null) {
        jvm.add("-Dflowmeter.sink.http.interval=" + interval);
      }
      return jvm;
    }

    List<String> serverArguments() {
      return List.of(
          String.valueOf(transfers),
          String.valueOf(parallel),
          String.valueOf(kib * 1024),
          String.valueOf(minMillis),
          String.valueOf(maxMillis));
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d SSE + %d WebSocket clients; %d transfers of %d KiB, %d at a time, each over %d-%d"
              + " ms; interval %s; server -Xmx%s",
          sse,
          ws,
          transfers,
          kib,
          parallel,
          minMillis,
          maxMillis,
          interval == null ? "default" : interval,
          serverHeap);
    }
  }

  /** Runs the load with the options of the class comment and prints the report. */
  public static void main(String[] args) throws Exception {
    run(Options.parse(args), System.err).print(System.out);
  }

  /**
   * Runs the load. Its steps go to {@code log} (lines {@code HttpLoad: ...}), and so do the lines
   * the server prints besides its report ({@code server: ...}: a warning, a stack trace).
   */
  static HttpLoadReport run(Options options, PrintStream log) throws Exception {
    try (ServerProcess server =
        ServerProcess.start(options.serverJvmOptions(), options.serverArguments(), log)) {
      URI base = server.address();
      log.printf(
          Locale.ROOT,
          "HttpLoad: server JVM %d at %s; connecting %d SSE and %d WebSocket clients%n",
          server.pid(),
          base,
          options.sse(),
          options.ws());
      List<SseLoadClient> sse = new ArrayList<>();
      List<WsLoadClient> ws = new ArrayList<>();
      HttpClient http = httpClient();
      for (int i = 0; i < options.sse() + options.ws(); i++) {
        if (i > 0 && i % CLIENTS_PER_HTTP_CLIENT == 0) {
          http = httpClient();
        }
        if (i < options.sse()) {
          SseLoadClient client = new SseLoadClient(http, base.resolve("/api/progress/stream"));
          Thread thread = new Thread(client, "sse-client-" + i);
          thread.setDaemon(true);
          thread.start();
          sse.add(client);
        } else {
          WsLoadClient client = new WsLoadClient();
          client.connect(
              http,
              new URI("ws", null, base.getHost(), base.getPort(), "/api/progress/ws", null, null));
          ws.add(client);
        }
      }
      List<LoadClient> all = new ArrayList<>(sse);
      all.addAll(ws);
      awaitReady(all);
      log.printf(
          Locale.ROOT,
          "HttpLoad: every client registered; %d transfers run%n",
          options.transfers());

      OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
      double load0 = os.getSystemLoadAverage();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long startMicros = LoadClient.nowMicros();
      server.go();
      long batches = (options.transfers() + options.parallel() - 1) / options.parallel();
      if (!server.awaitDone(batches * options.maxMillis() * 3 + 60_000)) {
        log.println("HttpLoad: the server's transfers did not end in time");
      }
      awaitLastEvents(all, options.transfers());
      long loadNanos = System.nanoTime() - t0;
      long clientCpu = os.getProcessCpuTime() - cpu0;
      all.forEach(LoadClient::stop);
      HttpLoadReport.Run run =
          new HttpLoadReport.Run(
              startMicros, loadNanos, clientCpu, load0, os.getSystemLoadAverage());
      return new HttpLoadReport(
          options,
          new HttpLoadReport.Clients("SSE", sse, run.steadyFromMicros()),
          new HttpLoadReport.Clients("WebSocket", ws, run.steadyFromMicros()),
          new HttpLoadReport.Server(server.samples(), server.live(), server.busiestThreads()),
          run);
    }
  }

  private static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static void awaitReady(List<LoadClient> clients)
      throws InterruptedException, TimeoutException {
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    for (int i = 0; i < clients.size(); i++) {
      LoadClient client = clients.get(i);
      while (!client.awaitReady(100)) {
        String lost = client.lostReason();
        if (lost != null || System.currentTimeMillis() > deadline) {
          throw new TimeoutException(
              "client "
                  + i
                  + " was not registered by the server: "
                  + (lost != null ? lost : "no snapshot or subscribed event in 30 s"));
        }
      }
    }
  }

  /** Waits until every client still connected has every transfer's end, or 20 s have passed. */
  private static void awaitLastEvents(List<LoadClient> clients, int transfers)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + LAST_EVENTS_MILLIS;
    for (LoadClient client : clients) {
      while (client.lostReason() == null
          && client.completed() + client.tally().failed() < transfers
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    }
  }
}
