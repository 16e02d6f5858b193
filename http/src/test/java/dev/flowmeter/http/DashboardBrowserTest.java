// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Operation;
import dev.flowmeter.Stage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: headless Debian chromium, driven by Playwright from {@code
 * src/test/browser/dashboard.test.mjs}, against a forked JVM ({@link Driver}) whose {@code http:0}
 * sink serves the page while it runs a group of 10 files (one named like an HTML element), an
 * operation of three stages and a slow download. The script checks what the page shows and prints
 * "ok ..." for each check; this test relays between it and the driver, and checks what the program
 * saw: its slow download's stream threw when the page's button cancelled it. A second driver, with
 * a token, runs the slow download alone for the token flow: asked for, refused when wrong, live
 * over a ticket (the token in no URL), cancel with the Bearer header.
 *
 * <p>Needs {@code node}, {@code /usr/bin/chromium} and {@code src/test/browser/node_modules}
 * ({@code .ci/install-tools} installs what is missing). Without one of them the test is skipped
 * with a message; with {@code CI} set it fails instead. Screenshots go to {@code
 * target/screenshots/}.
 */
final class DashboardBrowserTest {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  private static final Path BROWSER = MODULE.resolve("src/test/browser");
  private static final Pattern URL =
      Pattern.compile("Flowmeter: progress at (http://\\S+:(\\d+)/)");
  private static final String XSS_NAME = "<img src=x onerror=alert(1)>.txt";

  /** A name a right-to-left override would show as {@code IMG_6exe.txt}: it must not. */
  private static final String SPOOF_NAME = "IMG_6\u202Etxt.exe";

  private static final long WAIT_SECONDS = 180;
  private static final String TOKEN = "browser-test-token-0123456789";

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void dashboard_followsGroupOperationAndCancel_inChromium() throws Exception {
    requireTools();
    Path screenshots = MODULE.resolve("target/screenshots");
    Files.createDirectories(screenshots);
    List<String> driverOut = new CopyOnWriteArrayList<>();
    Forked driver = fork("work", "0", driverOut);
    Forked[] restarted = {null};
    runScript(
        driver,
        screenshots,
        line -> {
          if (line.equals("start-server")) {
            restarted[0] = fork("serve", driver.port(), new CopyOnWriteArrayList<>());
          }
        });
    assertThat(restarted[0]).as("the script restarted the server").isNotNull();
    assertThat(driverOut)
        .as("the driver's output")
        .contains("group: completed, 10 of 10 files")
        .contains("operation: completed")
        .anyMatch(l -> l.startsWith("slow feed: the stream threw InterruptedIOException: "));
    assertThat(screenshots.resolve("dashboard-wide.png")).isNotEmptyFile();
    assertThat(screenshots.resolve("dashboard-400.png")).isNotEmptyFile();
  }

  @Test
  void dashboard_tokenFlow_inChromium() throws Exception {
    requireTools();
    Path screenshots = MODULE.resolve("target/screenshots");
    Files.createDirectories(screenshots);
    List<String> driverOut = new CopyOnWriteArrayList<>();
    Forked driver = fork("slow", "0", driverOut, "-Dflowmeter.sink.http.token=" + TOKEN);
    runScript(driver, screenshots, line -> {}, TOKEN);
    driver.stop();
    assertThat(driverOut)
        .as("the driver's output")
        .anyMatch(l -> l.startsWith("slow feed: the stream threw InterruptedIOException: "));
    assertThat(screenshots.resolve("dashboard-token.png")).isNotEmptyFile();
  }

  /**
   * Runs the browser script against {@code driver} (with {@code token} when one is given): tells
   * the driver to go when the page is live, stops it when the script says so, hands every other
   * line to {@code more}, and checks the script passed.
   */
  private void runScript(Forked driver, Path screenshots, Command more, String... token)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("node", "dashboard.test.mjs", driver.url()));
    command.add(screenshots.toAbsolutePath().toString());
    command.addAll(List.of(token));
    Process node =
        start(new ProcessBuilder(command).directory(BROWSER.toFile()).redirectErrorStream(true));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> nodeOut = new CopyOnWriteArrayList<>();
    pump(node.getInputStream(), line -> lines.add(line));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    for (String line; (line = lines.poll(1, TimeUnit.SECONDS)) != null || node.isAlive(); ) {
      assertThat(System.nanoTime() - deadline)
          .as("the browser test ran past %d s: %s", WAIT_SECONDS, nodeOut)
          .isNegative();
      if (line == null) {
        continue;
      }
      nodeOut.add(line);
      switch (line) {
        case "ready" -> driver.command("go");
        case "stop-server" -> driver.stop();
        default -> more.accept(line);
      }
    }
    String script = String.join("\n", nodeOut);
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(script).isZero();
    assertThat(nodeOut).as(script).anyMatch(l -> l.startsWith("dashboard: all "));
  }

  /** What the test does on a line of the script's. */
  @FunctionalInterface
  private interface Command {
    void accept(String line) throws Exception;
  }

  /** Skips without node, chromium or the script's node_modules; fails under CI instead. */
  private static void requireTools() {
    List<String> missing = new ArrayList<>();
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      if (version.waitFor() != 0) {
        missing.add("node (it does not run)");
      }
    } catch (IOException | InterruptedException e) {
      missing.add("node on the PATH");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      missing.add("/usr/bin/chromium (Debian package chromium)");
    }
    if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
      missing.add("playwright-core (npm ci in " + BROWSER + ")");
    }
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "the browser test needs "
            + String.join(", ", missing)
            + "; .ci/install-tools installs them";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  /** A forked driver, its address once its sink started, and its standard input for commands. */
  private record Forked(Process process, String url, String port) {
    void command(String line) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(UTF_8));
      in.flush();
    }

    /** Closes its standard input, upon which it ends, and waits until its port is free. */
    void stop() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private Forked fork(String mode, String port, List<String> out, String... properties)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dflowmeter.sinks=http:" + port);
    command.addAll(List.of(properties));
    command.add(Driver.class.getName());
    command.add(mode);
    Process process = start(new ProcessBuilder(command));
    CompletableFuture<Matcher> address = new CompletableFuture<>();
    List<String> err = new CopyOnWriteArrayList<>();
    pump(
        process.getErrorStream(),
        line -> {
          err.add(line);
          Matcher m = URL.matcher(line);
          if (m.find()) {
            address.complete(m);
          }
        });
    pump(process.getInputStream(), out::add);
    Matcher m;
    try {
      m = address.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the driver printed no address: " + err + " " + out, e);
    }
    return new Forked(process, m.group(1), m.group(2));
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Reads {@code in} line by line on a daemon thread, echoing each line to this JVM's output. */
  private static void pump(InputStream in, Consumer<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  System.out.println("  | " + line);
                  lines.accept(line);
                }
              } catch (IOException e) {
                // the process ended: nothing more to read
              }
            },
            "browser-test-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The forked program. With {@code work}: waits for {@code go} on standard input, then runs a
   * group of 10 files, an operation of three stages and a slow download that only a cancel ends,
   * and says on standard output how each ended. With {@code slow}: the slow download alone. With
   * {@code serve}: only serves. Either way it ends when its standard input closes.
   */
  public static final class Driver {
    private Driver() {}

    public static void main(String[] args) throws Exception {
      Flowmeter.configure(); // the http sink starts now and prints its address on standard error
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, UTF_8));
      if (args[0].equals("work") && "go".equals(commands.readLine())) {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<String> slow = pool.submit(Driver::slowDownload);
        Future<String> group = pool.submit(Driver::group);
        Future<String> operation = pool.submit(Driver::operation);
        System.out.println(group.get());
        System.out.println(operation.get());
        System.out.println(slow.get());
        pool.shutdown();
      } else if (args[0].equals("slow") && "go".equals(commands.readLine())) {
        System.out.println(slowDownload());
      }
      while (commands.readLine() != null) {
        // serve until the test closes standard input
      }
    }

    /** 10 files, three at a time: 2 MiB each sent in steps, then processed. */
    static String group() throws Exception {
      FileGroup group =
          Flowmeter.fileGroup("holiday photos")
              .operation("upload")
              .steps(FileSteps.of("upload", 0, 80).then("processing", 80, 100))
              .start();
      ExecutorService workers = Executors.newFixedThreadPool(3);
      List<Future<?>> files = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        GroupFile file =
            group.addFile(i == 5 ? XSS_NAME : i == 6 ? SPOOF_NAME : "IMG_" + i + ".jpg", 2L << 20);
        files.add(workers.submit(() -> upload(file)));
      }
      group.allAdded();
      for (Future<?> f : files) {
        f.get();
      }
      workers.shutdown();
      Flowmeter.flush(2_000);
      return "group: " + group.status() + ", " + group.completedFiles() + " of 10 files";
    }

    private static Void upload(GroupFile file) throws InterruptedException {
      file.step("upload");
      for (long sent = 0; sent < file.totalBytes(); sent += 128 << 10) {
        file.advance(128 << 10);
        TimeUnit.MILLISECONDS.sleep(60);
      }
      file.step("processing");
      file.message("making thumbnails");
      for (int i = 1; i <= 4; i++) {
        TimeUnit.MILLISECONDS.sleep(80);
        file.step("processing", i / 4.0);
      }
      file.message(null);
      file.complete();
      return null;
    }

    /** Three stages: steps counted by hand, a download read through a wrapped stream, steps. */
    static String operation() throws Exception {
      Operation install = Flowmeter.operation("Installing demo-db");
      Stage prepare = install.addStage("Update package lists");
      Stage download = install.addStage("Download demo-db.tar", 4L << 20, 3);
      Stage configure = install.addStage("Configure database");
      prepare.run(() -> steps(prepare, 10));
      download.run(Driver::download);
      configure.run(() -> steps(configure, 10));
      install.complete();
      Flowmeter.flush(2_000);
      return "operation: " + install.status();
    }

    private static void steps(Stage stage, int count) {
      for (int i = 1; i <= count; i++) {
        stage.message("step " + i + " of " + count);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(120));
        stage.fraction((double) i / count);
      }
      stage.message(null);
    }

    private static void download() {
      byte[] archive = new byte[4 << 20];
      try (InputStream in =
          Flowmeter.wrap(new ByteArrayInputStream(archive), "demo-db.tar", archive.length)) {
        byte[] buffer = new byte[128 << 10];
        while (in.read(buffer) >= 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Reads a feed that never ends until the transfer is cancelled (or 120 s pass). Its operation
     * word is hostile (a line break, markup), one no page could know before: the page receives its
     * events all the same, and shows the word as text.
     */
    static String slowDownload() {
      InputStream feed = new SlowFeed(System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
      try (InputStream in =
          Flowmeter.transfer()
              .operation("mirror\nevent: x\n<script>alert(1)</script>")
              .name("slow feed")
              .totalBytes(1L << 30)
              .wrap(feed)) {
        in.transferTo(OutputStream.nullOutputStream());
        return "slow feed: read to its end, never cancelled";
      } catch (InterruptedIOException e) {
        return "slow feed: the stream threw InterruptedIOException: " + e.getMessage();
      } catch (IOException e) {
        return "slow feed: " + e;
      }
    }
  }

  /** 32 KiB a read, 20 ms apart, until {@code end} (a {@link System#nanoTime()}). */
  private static final class SlowFeed extends InputStream {
    private final long end;

    SlowFeed(long end) {
      this.end = end;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (System.nanoTime() - end > 0) {
        return -1;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      int n = Math.min(len, 32 << 10);
      Arrays.fill(b, off, off + n, (byte) 'x');
      return n;
    }
  }
}
