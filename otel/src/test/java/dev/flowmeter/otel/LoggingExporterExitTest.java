// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code logging} exporter prints the export the otel sink makes when a short program exits,
 * although {@code java.util.logging} resets itself at exit (see {@link ExitLogging}).
 */
final class LoggingExporterExitTest {
  @Test
  void logging_printsTheLastExportOfAProgramThatEndsAtOnce() throws Exception {
    assertPrintsTheBytes(run());
  }

  @Test
  void logging_printsTheLastExportWhenTheSinkStartedBeforeTheExit() throws Exception {
    assertPrintsTheBytes(run("configure"));
  }

  private static void assertPrintsTheBytes(String output) {
    assertThat(output).contains("read 12345");
    assertThat(output)
        .as(output)
        .contains("LoggingMetricExporter")
        .contains("name=flowmeter.bytes")
        .contains("value=12345");
  }

  private static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dflowmeter.sinks=otel");
    command.add("-Dotel.metrics.exporter=logging");
    command.add("-Dotel.metric.export.interval=1h");
    // a loaded machine may take most of the default 2 s to start the SDK: what is tested is that
    // the last export is printed, not how fast
    command.add("-Dflowmeter.shutdown-timeout=10s");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ShortProgram.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
