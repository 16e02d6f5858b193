// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.samples.tools.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the main demo the way the README does, in a separate JVM whose output is a pipe (so the
 * console sink is in its non-terminal mode), and checks what it printed and logged.
 */
final class DemoTest {
  @TempDir Path dir;

  private record Result(int exit, String output) {
    /** The lines the samples' launcher printed about a mistake or a failure. */
    List<String> launcherLines() {
      return output.lines().filter(l -> l.startsWith("flowmeter-samples:")).toList();
    }
  }

  private Result runDemo(String sinks, String... args) throws Exception {
    return run(List.of("-Dflowmeter.sinks=" + sinks), args);
  }

  private Result run(List<String> properties, String... args) throws Exception {
    Process process = start(properties, args);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the samples did not end: " + List.of(args) + "\n" + output());
    }
    return new Result(process.exitValue(), output());
  }

  /** Starts the samples' launcher in a JVM of its own; what it prints goes to {@link #output()}. */
  private Process start(List<String> properties, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dflowmeter.history=none"); // never the user's own history file
    command.addAll(properties);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile());
    builder.environment().remove("COLUMNS");
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    return builder.start();
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
  }

  /** An empty folder for a sample's temporary files ({@code java.io.tmpdir}). */
  private Path emptyTmp() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  @Test
  void demo_headless_plainLinesForEveryFile() throws Exception {
    Path csv = dir.resolve("transfers.csv");
    Result result =
        runDemo(
            "console,csv:" + csv,
            "copy",
            "--speed",
            "64",
            "--scale",
            "0.25",
            "--dir",
            dir.resolve("work").toString());

    assertThat(result.exit()).as(result.output()).isZero();
    String out = result.output();
    assertThat(out).doesNotContain("\r").doesNotContain("\u001b");
    for (String name : List.of("photos.tar", "database-dump.sql", "video.mp4")) {
      assertThat(out.lines().filter(l -> l.contains(name) && l.contains("completed"))).hasSize(1);
    }
    assertThat(out).contains("Copied 3 files, 23068672 bytes");

    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0))
        .isEqualTo(
            "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status,"
                + "kind,step,completed_files,total_files,message,source,direction");
    assertThat(rows.stream().filter(r -> r.contains(",completed,transfer,,,,,api,")))
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).contains(",video.mp4,100.0,12582912,12582912,"));
  }

  @Test
  void ownSink_foundByNameWithArgumentAndOption() throws Exception {
    Result result =
        run(
            List.of(
                "-Dflowmeter.sinks=milestones:50",
                "-Dflowmeter.sink.milestones.prefix=ms",
                "-Dflowmeter.interval=20ms"),
            "copy",
            "--speed",
            "32",
            "--scale",
            "0.25",
            "--dir",
            dir.resolve("work").toString());

    assertThat(result.exit()).as(result.output()).isZero();
    List<String> lines = result.output().lines().toList();
    for (String name : List.of("photos.tar", "database-dump.sql", "video.mp4")) {
      assertThat(lines).containsOnlyOnce("ms: " + name + " completed");
    }
    // the video takes about 0.4 s and is sampled every 20 ms: it passes 50 % in a sample
    assertThat(lines).containsOnlyOnce("ms: video.mp4 50%");
    assertThat(lines).noneMatch(l -> l.contains("75%") || l.contains("25%"));
  }

  /** A sink that cannot start is one line, and the launcher stops there (exit status 2). */
  @Test
  void ownSink_malformedArgument_oneLineNamingKeyAndValue_exitsTwo() throws Exception {
    Result result = runDemo("milestones:lots", "quickstart");
    assertThat(result.exit()).as(result.output()).isEqualTo(2);
    assertThat(result.launcherLines())
        .containsExactly(
            "flowmeter-samples: flowmeter.sinks: 'milestones:lots' needs a step from 1 to 100"
                + " (accepted: milestones[:step percent])");
    assertThat(result.output()).doesNotContain("Copied").doesNotContain("\tat ");
  }

  @Test
  void logging_linesPrintedAboveTheBarsStayWhole() throws Exception {
    Result result =
        run(
            List.of(
                "-Dflowmeter.sinks=console",
                "-Dflowmeter.sink.console.terminal=true",
                "-Dflowmeter.sink.console.ascii=true",
                "-Dflowmeter.interval=10ms"),
            "logging");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("\u001b["); // it really drew bars in place
    List<String> lines =
        result
            .output()
            .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "")
            .replace("\r", "")
            .lines()
            .toList();
    for (int part = 1; part <= 10; part++) {
      assertThat(lines).contains("INFO: part " + part + " of 10 stored");
    }
    assertThat(lines).contains("backup done");
    assertThat(lines).anyMatch(l -> l.startsWith("backup.tar completed in "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void help_listsEverySampleInOneLine_exitsZero(String help) throws Exception {
    Result result = runDemo("none", help);

    assertThat(result.exit()).as(result.output()).isZero();
    List<String> samples =
        List.of(
            "copy",
            "quickstart",
            "cancel",
            "manual",
            "iterate",
            "listener",
            "context",
            "logging",
            "upload",
            "download");
    for (String sample : samples) {
      assertThat(result.output().lines().filter(l -> l.startsWith("  " + sample + " ")))
          .as(sample)
          .hasSize(1);
    }
    assertThat(result.output()).startsWith("usage: ").doesNotContain("unknown sample");
  }

  @Test
  void unknownSample_listsTheSamples_exitsTwo() throws Exception {
    Result result = runDemo("none", "nosuch");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.launcherLines())
        .containsExactly("flowmeter-samples: unknown sample 'nosuch'");
    assertThat(result.output()).contains("usage: ").contains("  copy ").contains("  download ");
  }

  /** A mistake in Flowmeter's configuration stops the demo with Flowmeter's one line. */
  @Test
  void configurationMistake_oneLine_exitsTwo() throws Exception {
    Result result = runDemo("consol", "copy", "--speed", "0", "--scale", "0.01");

    assertThat(result.exit()).as(result.output()).isEqualTo(2);
    assertThat(result.launcherLines())
        .singleElement()
        .asString()
        .startsWith("flowmeter-samples: flowmeter.sinks: 'consol' names an unknown sink 'consol'");
    assertThat(result.output()).doesNotContain("Copied").doesNotContain("\tat ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--speed fast|copy: --speed 'fast' is not a number from 0 to 1000000",
        "--scale 0|copy: --scale '0' is not a number above 0 to 100",
        "--speed|copy: --speed needs a value (accepted: [--speed MiB/s] [--scale n] [--dir dir])",
        "--bogus 1|copy: unknown option '--bogus' (accepted: [--speed MiB/s] [--scale n] [--dir"
            + " dir])"
      })
  void malformedOption_oneLine_exitsTwo(String options, String line) throws Exception {
    List<String> args = new ArrayList<>(List.of("copy"));
    args.addAll(List.of(options.split(" ")));
    Result result = runDemo("none", args.toArray(String[]::new));

    assertThat(result.exit()).as(result.output()).isEqualTo(2);
    assertThat(result.launcherLines()).containsExactly("flowmeter-samples: " + line);
    assertThat(result.output()).doesNotContain("\tat ");
  }

  /**
   * A copy that fails (its target is {@code /dev/full}) ends the demo at once with one line and
   * status 1: the other copies, on daemon threads, stop too, and the files it made are deleted.
   */
  @Test
  void copyFails_oneLine_exitsOne_neverHangs_deletesWhatItMade() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("photos.tar.copy"), Path.of("/dev/full"));

    Result result = runDemo("none", "copy", "--dir", work.toString());

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.launcherLines())
        .singleElement()
        .asString()
        .startsWith("flowmeter-samples: copy failed: java.io.IOException: No space left on device");
    try (Stream<Path> left = Files.list(work)) { // the link was there before: it stays
      assertThat(left).containsExactly(work.resolve("photos.tar.copy"));
    }
  }

  /**
   * Every sample but {@code logging}, which makes no file and draws in place, and {@code history},
   * which only reads the database it is given (HistorySampleTest).
   */
  static Stream<String> samplesThatMayMakeFiles() {
    return Main.sampleNames().stream().filter(s -> !s.equals("logging") && !s.equals("history"));
  }

  @ParameterizedTest
  @MethodSource("samplesThatMayMakeFiles")
  void sample_deletesEveryFileItMade(String sample) throws Exception {
    Path tmp = emptyTmp();
    List<String> args = new ArrayList<>(List.of(sample));
    if (sample.equals("copy")) {
      args.addAll(List.of("--speed", "0", "--scale", "0.05"));
    }
    if (sample.equals("ffmpeg")) {
      Tools.require("ffmpeg");
      args.add("2"); // seconds of clip
    }
    Result result =
        run(
            List.of("-Dflowmeter.sinks=console", "-Djava.io.tmpdir=" + tmp),
            args.toArray(String[]::new));

    assertThat(result.exit()).as(result.output()).isZero();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** Ctrl+C in the middle of the copies: the shutdown hook deletes the files. */
  @Test
  void copyInterrupted_deletesWhatItMade() throws Exception {
    Path tmp = emptyTmp();
    Process process =
        start(
            List.of("-Dflowmeter.sinks=console", "-Djava.io.tmpdir=" + tmp),
            "copy",
            "--speed",
            "4",
            "--scale",
            "0.5");
    interruptOnceShown(process, "video.mp4: started", 0);

    assertThat(process.exitValue()).as(output()).isNotZero();
    assertThat(output()).doesNotContain("Copied");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** Ctrl+C in the install's download: cancelled, cleaned up, one summary line, status 130. */
  @Test
  void installInterrupted_cancelsCleansUpAndExits130() throws Exception {
    Path tmp = emptyTmp();
    Process process =
        start(
            List.of("-Dflowmeter.sinks=console", "-Djava.io.tmpdir=" + tmp),
            "install",
            "--size",
            "64",
            "--rate",
            "4");
    interruptOnceShown(process, "[→] Download demo-db-15", 300); // some of it is on disk by then

    assertThat(process.exitValue()).as(output()).isEqualTo(130);
    assertThat(output())
        .contains("Installing demo-db cancelled at ")
        .contains("(stage 2 of 5); cleaned up")
        .doesNotContain("install failed");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /**
   * Sends SIGINT to {@code process} {@code afterMillis} after its output shows {@code text}, and
   * waits for it to end.
   */
  private void interruptOnceShown(Process process, String text, long afterMillis) throws Exception {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!output().contains(text) && System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as(output()).isTrue();
        Thread.sleep(20);
      }
      assertThat(output()).contains(text);
      Thread.sleep(afterMillis);
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output()).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }
}
