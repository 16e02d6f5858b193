// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.samples.tools.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code dashboard} sample in a real browser: {@code dashboard --port 0 --loop} in a JVM
 * of its own, its page in headless Debian chromium driven by Playwright from the http module's
 * {@code src/test/browser/dashboard-sample.test.mjs}. The script checks that a round's group and
 * operation move and complete (100 %, "10 of 10 files", every stage ✓), that the hostile file name
 * is text and runs nothing, and cancels a later round's operation from its button; this test checks
 * that the sample said so on its output and went on with the next round, with no stack trace.
 *
 * <p>Needs {@code node}, {@code /usr/bin/chromium} and the http module's {@code
 * src/test/browser/node_modules} ({@code npm ci} there): skipped without them, failed under {@code
 * CI}. Screenshots go to {@code target/screenshots/}.
 */
final class DashboardSampleBrowserTest {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  private static final Path BROWSER = MODULE.resolve("../http/src/test/browser").normalize();
  private static final Pattern URL = Pattern.compile("Flowmeter: progress at (http://\\S+/)");
  private static final long WAIT_SECONDS = 90;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void dashboardSample_completesARound_andCancelsTheNextFromThePage_inChromium() throws Exception {
    Tools.require("node");
    Tools.require(Path.of("/usr/bin/chromium"), "Debian package chromium");
    Tools.require(BROWSER.resolve("node_modules/playwright-core"), "npm ci in " + BROWSER);
    Path screenshots = MODULE.resolve("target/screenshots");
    Files.createDirectories(screenshots);

    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("-Dflowmeter.history=none");
    command.add(Main.class.getName());
    command.addAll(List.of("dashboard", "--port", "0", "--rate", "4", "--loop"));
    ProcessBuilder sample = new ProcessBuilder(command);
    sample.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    Process process = start(sample);
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
    String url = await(err, 0, line -> URL.matcher(line).find(), "the sample's address");
    Matcher address = URL.matcher(url);
    assertThat(address.find()).isTrue();

    List<String> script = new CopyOnWriteArrayList<>();
    Process node =
        start(
            new ProcessBuilder(
                    "node",
                    "dashboard-sample.test.mjs",
                    address.group(1),
                    screenshots.toAbsolutePath().toString())
                .directory(BROWSER.toFile())
                .redirectErrorStream(true));
    pump(node.getInputStream(), script);
    boolean ended = node.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(ended).as("the browser script ended within %d s: %s", WAIT_SECONDS, script).isTrue();
    assertThat(node.exitValue()).as(String.join("\n", script)).isZero();
    assertThat(script).anyMatch(l -> l.startsWith("dashboard: all "));

    // the sample said how the cancelled round ended, and went on: the next round's upload ended
    String cancelled =
        await(out, 0, l -> l.startsWith("Release 2.4.0: cancelled"), "the cancelled release");
    assertThat(cancelled).startsWith("Release 2.4.0: cancelled (cancelled over HTTP by ");
    await(
        out,
        out.indexOf(cancelled),
        l -> l.startsWith("photos for the album: completed, 10 of 10 files"),
        "the next round's upload");
    assertThat(out)
        .contains("photos for the album: completed, 10 of 10 files", "Release 2.4.0: completed");
    assertThat(process.isAlive()).as("the sample runs on").isTrue();
    assertThat(err).noneMatch(l -> l.contains("Exception"));
    assertThat(screenshots.resolve("dashboard-sample.png")).isNotEmptyFile();
  }

  /**
   * Waits up to 60 s for a line of {@code lines}, from index {@code from} on, that {@code wanted}
   * accepts, and returns it.
   */
  private static String await(List<String> lines, int from, Predicate<String> wanted, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<String> now = List.copyOf(lines);
      for (String line : now.subList(from, now.size())) {
        if (wanted.test(line)) {
          return line;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line of " + what + " in " + lines);
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Reads {@code in} line by line on a daemon thread into {@code lines}, echoing each line. */
  private static void pump(InputStream in, List<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  System.out.println("  | " + line);
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended: nothing more to read
              }
            },
            "browser-test-pump");
    thread.setDaemon(true);
    thread.start();
  }
}
