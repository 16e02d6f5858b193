// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Flowmeter.cancelOnInterrupt} in a child JVM sent a real SIGINT (issue 10). The child is
 * started through {@code env --default-signal=INT}: a JVM whose SIGINT is ignored (a background job
 * of a non-interactive shell, as a build may run) would otherwise pass the ignoring on, and Ctrl+C
 * would rightly do nothing.
 */
final class CancelOnInterruptTest {
  private static final int SIGINT_STATUS = 130;
  private static final long WAIT_SECONDS = 60;

  @TempDir Path dir;

  /** A child JVM running {@link InterruptApp}, its output read as it comes. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final List<String> out = new ArrayList<>();
    final CompletableFuture<String> err;

    Child(Path dir, String signal, String mode, Path marker, Path csv) throws IOException {
      List<String> command = new ArrayList<>();
      command.add("env");
      command.add(signal);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Dflowmeter.sinks=console,csv:" + csv);
      command.add("-cp");
      command.add(Tmux.testClassPath());
      command.add(InterruptApp.class.getName());
      command.add(mode);
      command.add(marker.toString());
      process = new ProcessBuilder(command).directory(dir.toFile()).start();
      err =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(
                      process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return e.toString();
                }
              });
    }

    /** Reads standard output until a line equals {@code line}; false at its end. */
    boolean awaitLine(String line) throws IOException {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String read;
      while ((read = reader.readLine()) != null) {
        synchronized (out) {
          out.add(read);
        }
        if (read.equals(line)) {
          CompletableFuture.runAsync(() -> drain(reader));
          return true;
        }
      }
      return false;
    }

    private void drain(BufferedReader reader) {
      try {
        String read;
        while ((read = reader.readLine()) != null) {
          synchronized (out) {
            out.add(read);
          }
        }
      } catch (IOException e) {
        // the child ended
      }
    }

    void interrupt() throws IOException, InterruptedException {
      Process kill =
          new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
    }

    int awaitExit() throws InterruptedException {
      assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("child ended").isTrue();
      return process.exitValue();
    }

    List<String> out() {
      synchronized (out) {
        return List.copyOf(out);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void ctrlC_whileRunning_cancelsCleansUpSaysOneLineAndExits130() throws Exception {
    Path marker = dir.resolve("partial.txt");
    Path csv = dir.resolve("progress.csv");
    String err;
    int exit;
    List<String> out;
    try (Child child = new Child(dir, "--default-signal=INT", "cancel", marker, csv)) {
      assertThat(child.awaitLine("started")).isTrue();
      awaitBytes(csv);
      child.interrupt();
      exit = child.awaitExit();
      err = child.err.get(WAIT_SECONDS, TimeUnit.SECONDS);
      out = child.out();
    }

    assertThat(exit).as("exit status; stderr:\n%s", err).isEqualTo(SIGINT_STATUS);
    assertThat(err.lines().filter(l -> l.contains(" cancelled at ")))
        .singleElement()
        .asString()
        .matches(InterruptApp.NAME + " cancelled at \\d+ % \\(stage 2 of 3\\); cleaned up");
    assertThat(marker).doesNotExist();
    assertThat(out).contains("read threw InterruptedIOException");
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows)
        .anyMatch(r -> r.contains("," + InterruptApp.NAME + ",") && r.contains(",cancelled,"));
    assertThat(rows)
        .anyMatch(r -> r.contains(",Download payload,") && r.contains(",cancelled,"))
        .anyMatch(r -> r.contains(",payload.bin,") && r.contains(",cancelled,"))
        .noneMatch(r -> r.contains(",Configure,") && r.contains(",completed,"));
  }

  @Test
  void ctrlC_afterTheOperationEnded_exits130WithoutASummary() throws Exception {
    Path marker = dir.resolve("partial.txt");
    try (Child child =
        new Child(dir, "--default-signal=INT", "done", marker, dir.resolve("p.csv"))) {
      assertThat(child.awaitLine("done")).isTrue();
      child.interrupt();
      int exit = child.awaitExit();
      String err = child.err.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(exit).as("exit status; stderr:\n%s", err).isEqualTo(SIGINT_STATUS);
      assertThat(err).doesNotContain(" cancelled at ").doesNotContain("cancelled after");
      assertThat(marker).exists();
    }
  }

  @Test
  void sigintIgnored_staysIgnored_andNothingIsCancelled() throws Exception {
    Path marker = dir.resolve("partial.txt");
    try (Child child =
        new Child(dir, "--ignore-signal=INT", "cancel", marker, dir.resolve("p.csv"))) {
      assertThat(child.awaitLine("started")).isTrue();
      child.interrupt();
      // an ignored signal leaves the program running: it is still there, and its file too
      assertThat(child.process.waitFor(2, TimeUnit.SECONDS)).isFalse();
      assertThat(marker).exists();
      assertThat(child.out()).doesNotContain("read threw InterruptedIOException");
    }
  }

  /** Waits until the CSV sink wrote a row of the payload's bytes moving. */
  private static void awaitBytes(Path csv) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(csv)
          && Files.readAllLines(csv).stream()
              .anyMatch(r -> r.contains(",payload.bin,") && r.contains(",progress,"))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no progress in " + csv);
  }
}
