// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the main demo the way the README does, in a separate JVM whose output is a pipe (so the
 * console sink is in its non-terminal mode), and checks what it printed and logged.
 */
final class DemoTest {
  @TempDir Path dir;

  private record Result(int exit, String output) {}

  private Result runDemo(String sinks, String... args) throws Exception {
    return run(List.of("-Dflowmeter.sinks=" + sinks), args);
  }

  private Result run(List<String> properties, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(properties);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("COLUMNS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
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
            "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status");
    assertThat(rows.stream().filter(r -> r.endsWith(",completed")))
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

  /** Fail-open: the sink that cannot start is one line, and the program runs as without it. */
  @Test
  void ownSink_malformedArgument_oneLineNamingKeyAndValue() throws Exception {
    Result result = runDemo("milestones:lots", "quickstart");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output().lines().filter(l -> l.startsWith("flowmeter:")))
        .containsExactly(
            "flowmeter: flowmeter.sinks: 'milestones:lots' needs a step from 1 to 100"
                + " (accepted: milestones[:step percent]); Flowmeter runs without the sink"
                + " 'milestones'");
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
            .replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "")
            .replace("\r", "")
            .lines()
            .toList();
    for (int part = 1; part <= 10; part++) {
      assertThat(lines).contains("INFO: part " + part + " of 10 stored");
    }
    assertThat(lines).contains("backup done");
    assertThat(lines).anyMatch(l -> l.startsWith("backup.tar completed in "));
  }

  @Test
  void demo_unknownSample_exitsWithUsage() throws Exception {
    Result result = runDemo("none", "nosuch");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("unknown sample 'nosuch' (accepted: copy,");
  }
}
