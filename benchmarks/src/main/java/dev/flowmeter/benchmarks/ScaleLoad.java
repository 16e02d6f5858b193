// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;

/**
 * Flowmeter at scale: 10,000 transfers active at once, advanced by 8 threads, with every sink that
 * can run on one machine without a desktop (console, log, csv, jsonl, json, jfr, jmx, http, jdbc on
 * SQLite, webhook, email, otel and prometheus) at the default interval; it prints the CPU share of
 * the reporter and of each sink's thread (and of the threads a sink's library runs), the heap per
 * active transfer, and the heap once the transfers ended and the finished ones were evicted.
 *
 * <p>The webhook, the SMTP server and the OTLP receiver are in this JVM (each on 127.0.0.1, each
 * answering at once and keeping nothing), so that their own threads are counted apart ("receivers")
 * and their speed is not what is measured. Standard output (the console sink's plain lines) goes to
 * a file in the work directory; the report goes to standard error.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.ScaleLoad [TRANSFERS [THREADS [SECONDS]]]
 * </pre>
 *
 * Defaults: 10,000 transfers, 8 threads, 30 s measured after 10 s of warm-up. The heap is measured
 * (after full collections) before the transfers, while they run, after they ended, and once the
 * sinks' own retention of ended transfers (shortened to 30 s here) passed. Each thread advances
 * each of its transfers by 4 KiB, then sleeps so that a round of its transfers takes 20 ms: every
 * transfer moves every interval, the worst case for the sinks (an idle transfer sends a snapshot a
 * second).
 */
public final class ScaleLoad {
  private static final int ROUND_MILLIS = 20;
  private static final int CHUNK = 4096;
  private static final long TOTAL = 1L << 40; // never reached: the transfers end when told
  // the json and jmx sinks keep an ended transfer 1 and 5 minutes: shortened, to see them go
  private static final Duration RETENTION = Duration.ofSeconds(30);

  private ScaleLoad() {}

  /** Runs the load; see the class comment. */
  public static void main(String[] args) throws Exception {
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    PrintStream report = System.err;
    Path dir = Files.createTempDirectory("flowmeter-scale");
    PrintStream console =
        new PrintStream(Files.newOutputStream(dir.resolve("console.txt")), false, "UTF-8");
    System.setOut(console);

    HttpServer receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    AtomicLong hooks = new AtomicLong();
    AtomicLong otlp = new AtomicLong();
    receivers.createContext("/hook", exchange -> answer(exchange, hooks));
    receivers.createContext("/v1/metrics", exchange -> answer(exchange, otlp));
    receivers.setExecutor(null);
    receivers.start();
    int http = receivers.getAddress().getPort();
    Smtp smtp = new Smtp();

    Recording recording = new Recording();
    recording.enable("dev.flowmeter.Transfer");
    recording.enable("dev.flowmeter.TransferProgress");
    recording.setToDisk(true);
    recording.setDestination(dir.resolve("scale.jfr"));
    recording.start();

    System.setProperty(
        "flowmeter.sinks",
        String.join(
            ",",
            "console",
            "log",
            "csv:" + dir.resolve("t.csv"),
            "jsonl:" + dir.resolve("t.jsonl"),
            "json:" + dir.resolve("status.json"),
            "jfr",
            "jmx",
            "http:0",
            "jdbc:jdbc:sqlite:" + dir.resolve("t.db"),
            "webhook:http://127.0.0.1:" + http + "/hook",
            "email:smtp://127.0.0.1:" + smtp.port(),
            "otel",
            "prometheus:" + freePort()));
    System.setProperty("flowmeter.sink.json.keep", RETENTION.toSeconds() + "s");
    System.setProperty("flowmeter.sink.jmx.retention", RETENTION.toSeconds() + "s");
    System.setProperty("flowmeter.sink.email.from", "scale@example.com");
    System.setProperty("flowmeter.sink.email.to", "ops@example.com");
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + http);
    System.setProperty("otel.service.name", "scale");
    // a JDK logger writing to a file, so the log sink does real work without flooding the report
    java.util.logging.Logger progress =
        java.util.logging.Logger.getLogger("dev.flowmeter.progress");
    java.util.logging.FileHandler logFile =
        new java.util.logging.FileHandler(dir.resolve("progress.log").toString());
    logFile.setFormatter(new java.util.logging.SimpleFormatter());
    progress.addHandler(logFile);
    progress.setUseParentHandlers(false);

    Flowmeter.configure();
    report.printf(
        Locale.ROOT, "scale: %,d transfers, %d threads, files in %s%n", transfers, threads, dir);
    Thread.sleep(3000); // the sinks started on their own threads
    long baseline = liveHeap();
    report.printf(Locale.ROOT, "heap before: %.1f MiB%n", baseline / 1048576.0);

    List<Transfer> all = new ArrayList<>(transfers);
    for (int i = 0; i < transfers; i++) {
      all.add(
          Flowmeter.transfer()
              .operation(i % 2 == 0 ? "upload" : "download")
              .name("part-" + i + ".bin")
              .totalBytes(TOTAL)
              .start());
    }
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch stopped = new CountDownLatch(threads);
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Transfer> mine = new ArrayList<>();
      for (int i = t; i < transfers; i += threads) {
        mine.add(all.get(i));
      }
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (running.get()) {
                    long start = System.nanoTime();
                    for (Transfer transfer : mine) {
                      transfer.advance(CHUNK);
                    }
                    long left =
                        TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS) - (System.nanoTime() - start);
                    if (left > 0) {
                      TimeUnit.NANOSECONDS.sleep(left);
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  stopped.countDown();
                }
              },
              "scale-load-" + t);
      load.add(thread);
      thread.start();
    }

    Thread.sleep(10_000); // warm-up
    Map<String, Long> before = threadCpu();
    long wallBefore = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    Map<String, Long> after = threadCpu();
    long wall = System.nanoTime() - wallBefore;
    long active = liveHeap();

    running.set(false);
    stopped.await();
    for (Transfer transfer : all) {
      transfer.complete();
    }
    all.clear();
    load.clear();
    boolean flushed = Flowmeter.flush(120_000);
    Thread.sleep(2000);
    long ended = liveHeap();
    Thread.sleep(RETENTION.toMillis() + 5_000); // the sinks let go of the ended transfers
    long evicted = liveHeap();

    Map<String, Long> shares = new TreeMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long cpu = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      shares.merge(group(e.getKey().substring(0, e.getKey().indexOf('\u0000'))), cpu, Long::sum);
    }
    report.printf(Locale.ROOT, "%-28s %8s%n", "thread(s)", "% of one core");
    shares.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                report.printf(
                    Locale.ROOT, "%-28s %8.2f%n", e.getKey(), 100.0 * e.getValue() / wall));
    report.printf(
        Locale.ROOT,
        "heap: before %.1f MiB, %,d active %.1f MiB (%,d bytes per active transfer),"
            + " after the end %.1f MiB (%+.1f MiB; flushed %s), once the sinks' retention"
            + " passed %.1f MiB (%+.1f MiB)%n",
        baseline / 1048576.0,
        transfers,
        active / 1048576.0,
        (active - baseline) / transfers,
        ended / 1048576.0,
        (ended - baseline) / 1048576.0,
        flushed,
        evicted / 1048576.0,
        (evicted - baseline) / 1048576.0);
    report.printf(
        Locale.ROOT,
        "receivers: %,d webhook requests, %,d OTLP exports, %,d mails%n",
        hooks.get(),
        otlp.get(),
        smtp.mails.get());
    if (args.length > 3 && args[3].equals("histogram")) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(ProcessHandle.current().pid()),
                  "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        lines.lines().limit(40).forEach(report::println);
      }
    }
    recording.stop();
    recording.close();
    receivers.stop(0);
    smtp.close();
    System.exit(0);
  }

  /** The part of the program a thread belongs to, by its name. */
  private static String group(String thread) {
    if (thread.startsWith("flowmeter-sink-")) {
      return "sink " + thread.substring("flowmeter-sink-".length());
    }
    if (thread.equals("flowmeter-reporter")) {
      return "reporter";
    }
    if (thread.startsWith("scale-load-")) {
      return "load (8 application threads)";
    }
    if (thread.startsWith("XNIO-") || thread.startsWith("flowmeter-http")) {
      return "http: server threads";
    }
    if (thread.startsWith("PeriodicMetricReader") || thread.startsWith("OkHttp")) {
      return "otel: reader and exporter";
    }
    if (thread.startsWith("prometheus")) {
      return "prometheus: server threads";
    }
    if (thread.startsWith("scale-receiver") || thread.startsWith("HTTP-Dispatcher")) {
      return "receivers (not Flowmeter)";
    }
    if (thread.startsWith("HttpClient-")) {
      return "JDK HttpClient (webhook, otel)";
    }
    return "other: " + thread.replaceAll("[0-9]+", "#");
  }

  private static Map<String, Long> threadCpu() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new HashMap<>();
    for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long ns = bean.getThreadCpuTime(info.getThreadId());
      if (ns > 0) {
        cpu.put(info.getThreadName() + "\u0000" + info.getThreadId(), ns);
      }
    }
    return cpu;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static long liveHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, AtomicLong count)
      throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
    count.incrementAndGet();
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  /** An SMTP server that accepts every mail and keeps none. */
  private static final class Smtp implements AutoCloseable {
    final AtomicLong mails = new AtomicLong();
    private final ServerSocket server;

    Smtp() throws IOException {
      server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "scale-receiver-smtp");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread session = new Thread(() -> serve(socket), "scale-receiver-smtp-session");
          session.setDaemon(true);
          session.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket socket) {
      try (socket;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          Writer out =
              new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
        reply(out, "220 localhost ready");
        for (String line; (line = in.readLine()) != null; ) {
          String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
          switch (verb) {
            case "EHLO":
              reply(out, "250-localhost\r\n250 8BITMIME");
              break;
            case "DATA":
              reply(out, "354 go on");
              while ((line = in.readLine()) != null && !line.equals(".")) {
                // kept nowhere
              }
              mails.incrementAndGet();
              reply(out, "250 kept");
              break;
            case "QUIT":
              reply(out, "221 bye");
              return;
            default:
              reply(out, "250 ok");
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static void reply(Writer out, String text) throws IOException {
      out.write(text + "\r\n");
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
