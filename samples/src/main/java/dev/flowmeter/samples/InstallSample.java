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
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * run says "ETA unknown", later ones an estimate. {@code --eta-report} prints, for the start of
 * each stage, the ETA shown then against the time that was really left.
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

  // README: install
  /** Installs "demo-db": five stages, the second a download of {@code size} bytes. */
  static Result install(long size, long bytesPerSecond, boolean cancelWhileConfiguring)
      throws Exception {
    EtaRecorder etas = new EtaRecorder();
    try (Scratch scratch = Scratch.temporary("flowmeter-install");
        LocalServer server = LocalServer.start(size, bytesPerSecond)) {
      Operation install = Flowmeter.operation("Installing demo-db");
      install.addListener(etas);
      Stage lists = install.addStage("Update package lists");
      Stage download = install.addStage("Download demo-db-15", size, 5);
      Stage unpack = install.addStage("Installing dependencies", 4 * (size / 4), 2);
      Stage configure = install.addStage("Configuring database");
      Stage service = install.addStage("Starting service");
      // Ctrl+C: cancel the stage running and its streams, delete what was made, exit 130
      InterruptHook ctrlC = Flowmeter.cancelOnInterrupt(install, scratch::close);
      try {
        lists.run(() -> steps(lists, 10, 60));
        Path archive = scratch.file("demo-db-15.tar");
        download.run(() -> fetch(server.uri("demo-db-15.tar"), archive));
        ExecutorService workers = Flowmeter.wrap(Executors.newFixedThreadPool(2));
        try {
          unpack.run(() -> unpackAll(workers, archive, scratch));
        } finally {
          workers.shutdown();
        }
        configure.run(
            () -> {
              steps(configure, cancelWhileConfiguring ? 3 : 8, 60);
              if (cancelWhileConfiguring) {
                install.cancel("cancelled while configuring (--cancel)");
              }
            });
        if (!install.isDone()) {
          service.run(() -> steps(service, 5, 60));
          install.complete();
        }
      } catch (RuntimeException e) {
        if (install.status() != Status.CANCELLED) {
          throw e; // a stage failed, and with it the operation
        } // else: Ctrl+C cancelled it while a stage ran; the JVM is exiting
      } finally {
        ctrlC.close();
      }
    }
    Flowmeter.flush(2_000);
    return new Result(etas.last, etas.report());
  }

  /** Downloads {@code uri} to {@code target}: the wrapped stream is the stage's child. */
  private static void fetch(URI uri, Path target) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      try (InputStream in =
              Flowmeter.wrap(
                  connection.getInputStream(), uri.toString(), connection.getContentLengthLong());
          OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // README: end

  /** Four packages unpacked from the archive at once, on workers that carry the stage. */
  private static void unpackAll(ExecutorService workers, Path archive, Scratch scratch) {
    try {
      long part = Files.size(archive) / 4;
      List<Future<?>> parts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        long offset = i * part;
        Path target = scratch.file("lib" + i + ".so");
        parts.add(workers.submit(() -> copySlowly(archive, offset, part, target)));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Void copySlowly(Path archive, long offset, long length, Path target)
      throws IOException, InterruptedException {
    try (InputStream raw = Files.newInputStream(archive);
        InputStream in = Flowmeter.wrap(raw, target.getFileName().toString(), length);
        OutputStream out = Files.newOutputStream(target)) {
      raw.skipNBytes(offset);
      byte[] buffer = new byte[256 * 1024];
      for (long left = length; left > 0; ) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
        TimeUnit.MILLISECONDS.sleep(40); // unpacking takes time
      }
    }
    return null;
  }

  /** A stage of {@code count} steps of {@code millis} each, said by fraction and message. */
  private static void steps(Stage stage, int count, long millis) {
    for (int i = 1; i <= count && !stage.isDone(); i++) {
      stage.message("step " + i + " of " + count);
      try {
        TimeUnit.MILLISECONDS.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      stage.fraction((double) i / count);
    }
    stage.message(null);
  }

  /** Keeps the ETA the operation showed when each stage began, to compare with the real end. */
  private static final class EtaRecorder implements ProgressListener {
    private final Map<String, long[]> firstSeen = new ConcurrentHashMap<>(); // stage -> {t, eta}
    private final List<String> order = new ArrayList<>();
    volatile ProgressEvent last;

    @Override
    public void onEvent(ProgressEvent event) {
      last = event;
      String step = event.step().orElse(null);
      if (step != null && !event.isFinal() && !firstSeen.containsKey(step)) {
        long eta = event.eta().map(Duration::toMillis).orElse(-1L);
        firstSeen.put(step, new long[] {event.time().toEpochMilli(), eta});
        synchronized (order) {
          order.add(step);
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
                  ? String.format(Locale.ROOT, "%-26s ETA unknown, took %.1fs", stage, left / 1e3)
                  : String.format(
                      Locale.ROOT,
                      "%-26s ETA %.1fs, took %.1fs (%+.0f %%)",
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
