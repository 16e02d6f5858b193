// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.InterruptHook;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A pretend package installer in five weighted stages: package lists updated, a real download from
 * a server on 127.0.0.1, dependencies unpacked on worker threads, the database configured (the
 * stage {@code --cancel} cancels), the service started. Ctrl+C cancels it and removes its files.
 *
 * <p>The ETA of the stages not begun comes from earlier runs ({@code flowmeter.history}): the first
 * run says "ETA unknown", later ones an estimate. {@code --eta-report} prints, at 25, 50 and 75 %
 * of the whole and at the start of each stage, the ETA shown then against the time that was really
 * left.
 */
public final class InstallSample {
  static final String OPTIONS = "[--size MiB] [--rate MiB/s] [--cancel] [--eta-report]";

  private InstallSample() {}

  /** What a run ended with, and the ETAs it showed at each stage's start. */
  record Result(ProgressEvent end, List<String> etaReport) {}

  public static void main(String[] args) throws Exception {
    double size = 16;
    double rate = 8;
    boolean cancel = false;
    boolean etaReport = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--size" -> size = Options.number(args, i++, true, 4096, OPTIONS);
        case "--rate" -> rate = Options.number(args, i++, true, 4096, OPTIONS);
        case "--cancel" -> cancel = true;
        case "--eta-report" -> etaReport = true;
        default ->
            throw new UsageException(
                "unknown option '" + args[i] + "' (accepted: " + OPTIONS + ")");
      }
    }
    Result result = install((long) (size * (1 << 20)), (long) (rate * (1 << 20)), cancel);
    ProgressEvent end = result.end();
    System.out.println(
        end.name() + ": " + end.status() + end.error().map(e -> " (" + e + ")").orElse(""));
    if (etaReport) {
      result.etaReport().forEach(System.out::println);
    }
  }

  /** Installs "demo-db" of {@code size} bytes from a local server; returns how it ended. */
  static Result install(long size, long bytesPerSecond, boolean cancelWhileConfiguring)
      throws Exception {
    EtaRecorder etas = new EtaRecorder();
    ExecutorService workers = Flowmeter.wrap(Executors.newFixedThreadPool(2));
    try (Scratch scratch = Scratch.temporary("flowmeter-install");
        LocalServer server = LocalServer.start(size, bytesPerSecond)) {
      Operation install = Flowmeter.operation("Installing demo-db");
      install.addListener(etas);
      if (cancelWhileConfiguring) { // a user's cancel button, pressed in the fourth stage
        install.addListener(
            event -> {
              if (event.step().orElse("").equals("Configuring database")) {
                install.cancel("cancelled while configuring (--cancel)");
              }
            });
      }
      // Ctrl+C: cancel the stage running and its streams, delete what was made, exit 130
      InterruptHook ctrlC = Flowmeter.cancelOnInterrupt(install, scratch::close);
      try {
        Path archive = scratch.file("demo-db-15.tar");
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          parts.add(scratch.file("lib" + i + ".so"));
        }
        install(install, server.uri("demo-db-15.tar"), size, archive, parts, workers);
      } catch (RuntimeException e) {
        if (install.status() != Status.CANCELLED) {
          throw e; // a stage failed, and with it the operation
        } // else: cancelled while a stage ran (Ctrl+C: the JVM is exiting)
      } finally {
        ctrlC.close();
      }
    } finally {
      workers.shutdownNow();
    }
    Flowmeter.flush(2_000);
    return new Result(etas.last, etas.report());
  }

  // README: install
  /**
   * Installs in five weighted stages: the streams each stage's code wraps, on this thread or on the
   * wrapped executor's, are the stage's children and their bytes its bytes. A stage after a cancel
   * throws CancellationException rather than run.
   */
  static void install(
      Operation install,
      URI url,
      long size,
      Path archive,
      List<Path> parts,
      ExecutorService workers)
      throws IOException {
    Stage lists = install.addStage("Update package lists");
    Stage download = install.addStage("Download demo-db-15", size, 5); // total, weight
    Stage unpack = install.addStage("Installing dependencies", size / 4 * 4, 2);
    Stage configure = install.addStage("Configuring database");
    Stage service = install.addStage("Starting service");

    lists.run(() -> steps(lists, 10));
    download.run(() -> fetch(url, archive));
    unpack.run(() -> unpack(archive, size / 4, parts, workers));
    configure.run(() -> steps(configure, 8));
    service.run(() -> steps(service, 5));
    install.complete();
  }

  /** Downloads {@code url} to {@code target}: the wrapped stream is the running stage's child. */
  static void fetch(URI url, Path target) {
    try {
      URLConnection connection = url.toURL().openConnection();
      try (InputStream in =
              Flowmeter.wrap(
                  connection.getInputStream(), url.toString(), connection.getContentLengthLong());
          OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a {@code part}-byte slice of {@code archive} to each of {@code parts}, two at once. */
  static void unpack(Path archive, long part, List<Path> parts, ExecutorService workers) {
    List<Future<?>> copies = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      long offset = i * part;
      Path target = parts.get(i);
      copies.add(
          workers.submit( // the task runs in the stage it was handed over from
              () -> {
                try (InputStream raw = Files.newInputStream(archive)) {
                  raw.skipNBytes(offset);
                  try (InputStream in = Flowmeter.wrap(raw, target.getFileName().toString(), part);
                      OutputStream out = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[256 * 1024];
                    for (long left = part; left > 0; ) {
                      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                      out.write(buffer, 0, n);
                      left -= n;
                      TimeUnit.MILLISECONDS.sleep(40); // unpacking takes time
                    }
                  }
                }
                return null;
              }));
    }
    try {
      for (Future<?> copy : copies) {
        copy.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A stage of {@code count} steps of 60 ms, said by fraction and message; stops if cancelled. */
  static void steps(Stage stage, int count) {
    for (int i = 1; i <= count && !stage.isDone(); i++) {
      stage.message("step " + i + " of " + count);
      try {
        TimeUnit.MILLISECONDS.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      stage.fraction((double) i / count);
    }
    stage.message(null);
  }

  // README: end

  /** Keeps the ETA the operation showed when each stage began, to compare with the real end. */
  private static final class EtaRecorder implements ProgressListener {
    private final Map<String, long[]> firstSeen = new ConcurrentHashMap<>(); // stage -> {t, eta}
    private final List<String> order = new ArrayList<>();
    volatile ProgressEvent last;

    @Override
    public void onEvent(ProgressEvent event) {
      last = event;
      if (event.isFinal()) {
        return;
      }
      event.step().ifPresent(step -> seen(step, event));
      for (int milestone : new int[] {25, 50, 75}) {
        if (event.percentage() >= milestone) {
          seen("at " + milestone + " % of the whole", event);
        }
      }
    }

    private void seen(String point, ProgressEvent event) {
      long eta = event.eta().map(Duration::toMillis).orElse(-1L);
      if (firstSeen.putIfAbsent(point, new long[] {event.time().toEpochMilli(), eta}) == null) {
        synchronized (order) {
          order.add(point);
        }
      }
    }

    List<String> report() {
      ProgressEvent end = last;
      List<String> lines = new ArrayList<>();
      if (end == null || end.status() != Status.COMPLETED) {
        return lines;
      }
      long endMillis = end.time().toEpochMilli();
      synchronized (order) {
        for (String stage : order) {
          long[] seen = firstSeen.get(stage);
          long left = endMillis - seen[0];
          lines.add(
              seen[1] < 0
                  ? String.format(
                      Locale.ROOT, "%-26s ETA unknown, %.1fs were left", stage, left / 1e3)
                  : String.format(
                      Locale.ROOT,
                      "%-26s ETA %.1fs, %.1fs were left (%+.0f %%)",
                      stage,
                      seen[1] / 1e3,
                      left / 1e3,
                      left == 0 ? 0.0 : 100.0 * (seen[1] - left) / left));
        }
      }
      return lines;
    }
  }
}
