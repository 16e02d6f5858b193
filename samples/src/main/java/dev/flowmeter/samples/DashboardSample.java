// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Operation;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: the {@code http} sink on ({@code flowmeter.sinks} is {@code
 * console,http:<port>} unless set), while a ten-file upload and a four-stage release run side by
 * side at a pace a person can follow. One file's name is hostile HTML, which the page must show as
 * text. {@code --loop} runs them again and again until Ctrl+C. Each round says on standard output
 * how the upload and the release ended: one cancelled from the page (or the API) says {@code
 * cancelled} with the reason, and the next round runs.
 */
public final class DashboardSample {
  static final String OPTIONS = "[--port n] [--rate MiB/s] [--loop]";

  /** A file name a page would run as script if it took names for HTML. */
  static final String HOSTILE = "<img src=x onerror=alert(1)>.txt";

  private DashboardSample() {}

  public static void main(String[] args) throws Exception {
    int port = 8080;
    double rate = 2;
    boolean loop = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = (int) Options.number(args, i++, false, 65535, OPTIONS);
        case "--rate" -> rate = Options.number(args, i++, true, 4096, OPTIONS);
        case "--loop" -> loop = true;
        default ->
            throw new UsageException(
                "unknown option '" + args[i] + "' (accepted: " + OPTIONS + ")");
      }
    }
    String where = dashboardOn(port);
    System.out.println("Dashboard: " + where + (loop ? " (Ctrl+C stops)" : ""));
    long bytesPerSecond = (long) (rate * (1 << 20));
    do {
      run(bytesPerSecond);
    } while (loop);
    Flowmeter.flush(2_000);
  }

  /**
   * Turns the http sink on beside the console, unless the user chose the sinks: one property, read
   * again by {@code configure()}. Returns where the page is.
   */
  static String dashboardOn(int port) {
    boolean ours =
        System.getProperty("flowmeter.sinks") == null && System.getenv("FLOWMETER_SINKS") == null;
    if (ours) {
      System.setProperty("flowmeter.sinks", "console,http:" + port);
    }
    Flowmeter.configure(); // starts the server; its address is printed once on stderr
    // with the user's own sinks the server is where they said (http:0: a free port), not on ours
    return ours && port != 0 ? "http://127.0.0.1:" + port + "/" : "the address printed above";
  }

  /**
   * One round: the upload and the release at once; returns when both ended, having printed how each
   * ended.
   */
  static void run(long bytesPerSecond) throws Exception {
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      Future<String> upload = both.submit(() -> upload(bytesPerSecond));
      Future<String> release = both.submit(() -> release(bytesPerSecond));
      System.out.println(upload.get());
      System.out.println(release.get());
    } finally {
      both.shutdownNow();
    }
  }

  /**
   * Ten files, three at a time, each sent then checked; the group ends with the last one. Returns
   * how it ended.
   */
  static String upload(long bytesPerSecond) throws Exception {
    FileGroup group =
        Flowmeter.fileGroup("photos for the album")
            .operation("upload")
            .steps(FileSteps.of("upload", 0, 90).then("checksum", 90, 100))
            .start();
    ExecutorService senders = Executors.newFixedThreadPool(3);
    List<Future<?>> files = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      String name = i == 7 ? HOSTILE : String.format(Locale.ROOT, "IMG_%04d.jpg", i);
      GroupFile file = group.addFile(name, (1L + i % 4) << 20);
      files.add(
          senders.submit(
              () -> {
                file.step("upload");
                send(file, bytesPerSecond);
                file.step("checksum");
                file.message("comparing with the server's copy");
                TimeUnit.MILLISECONDS.sleep(300);
                file.message(null);
                file.complete();
                return null;
              }));
    }
    group.allAdded();
    try {
      for (Future<?> f : files) {
        f.get();
      }
    } finally {
      senders.shutdownNow();
    }
    return outcome(group) + ", " + group.completedFiles() + " of 10 files";
  }

  /**
   * A release in four weighted stages: two of steps, two of bytes. Returns how it ended: a cancel
   * stops it at the stage it reached, the stages after it do not run.
   */
  static String release(long bytesPerSecond) throws Exception {
    Operation release = Flowmeter.operation("Release 2.4.0");
    Stage build = release.addStage("Build");
    Stage pack = release.addStage("Package", 6L << 20, 2);
    Stage publish = release.addStage("Publish", 12L << 20, 4);
    Stage verify = release.addStage("Verify");
    try {
      build.run(() -> steps(build, 12));
      pack.run(() -> send(pack, bytesPerSecond * 2));
      publish.run(() -> send(publish, bytesPerSecond));
      verify.run(() -> steps(verify, 8));
      release.complete();
    } catch (CancellationException e) {
      // the release was cancelled: the next stage's run says so, and the round goes on
    }
    return outcome(release);
  }

  /** "name: state", with the reason when it did not complete: "Release 2.4.0: cancelled (...)". */
  private static String outcome(Transfer transfer) {
    String reason =
        transfer.status() == Status.COMPLETED
            ? ""
            : transfer.snapshot().error().map(e -> " (" + e + ")").orElse("");
    return transfer.name() + ": " + transfer.status() + reason;
  }

  /** Advances {@code transfer} to its total at {@code bytesPerSecond}, 64 KiB at a time. */
  private static void send(Transfer transfer, long bytesPerSecond) {
    long chunk = 64 * 1024;
    long pause = Math.max(1, chunk * 1000 / bytesPerSecond);
    for (long left = transfer.totalBytes(); left > 0 && !transfer.isDone(); left -= chunk) {
      transfer.advance(Math.min(chunk, left));
      sleep(pause);
    }
  }

  /** {@code count} steps of 150 ms, each said by fraction and message. */
  private static void steps(Stage stage, int count) {
    for (int i = 1; i <= count && !stage.isDone(); i++) {
      stage.message("step " + i + " of " + count);
      stage.fraction(i / (double) count);
      sleep(150);
    }
    stage.message(null);
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }
}
