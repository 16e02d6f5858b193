// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.otel.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
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

/**
 * The {@code otel} sink the agent jar carries, with nothing else: a program that knows nothing of
 * Flowmeter, run with {@code -javaagent:flowmeter-agent.jar=flowmeter.sinks=otel} and an OTLP
 * endpoint, sends its copy's bytes to an in-test receiver when it exits (the export interval is an
 * hour: only the flush on close can do it); and a program with its own, older OpenTelemetry SDK
 * records and exports its own metric beside the sink, neither seeing the other's classes.
 */
final class OtelSinkAgentTest {
  private static final int SIZE = 3 << 20;

  @TempDir Path dir;

  @Test
  void otelSink_fromTheAgentJarAlone_exportsTheCopyAtExit() throws Exception {
    String printed;
    List<ResourceMetrics> received;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      printed = run(receiver, Forked.classPath(), FleetWorker.class.getName());
      received = receiver.resourceMetrics();
    }

    assertThat(printed).as(printed).contains("done " + SIZE);
    assertThat(printed.lines()).as(printed).noneMatch(line -> line.contains("flowmeter"));
    assertCopyExported(received, printed);
  }

  @Test
  void applicationsOwnOpenTelemetry_runsBesideTheSink() throws Exception {
    List<Path> own = new ArrayList<>();
    try (Stream<Path> files = Files.list(Forked.LIBS)) {
      files.filter(f -> f.getFileName().toString().startsWith("otel-app-")).forEach(own::add);
    }
    assertThat(own).hasSize(5);
    String printed;
    List<ResourceMetrics> received;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      printed =
          run(receiver, Forked.classPath(own.toArray(new Path[0])), OwnOtelProgram.class.getName());
      received = receiver.resourceMetrics();
    }

    assertThat(printed)
        .as(printed)
        .contains("own api otel-app-api.jar")
        .contains("own global true")
        .contains("own counter 42")
        .contains(
            "visible dev.flowmeter.agent.shaded.otel.io.opentelemetry.api.GlobalOpenTelemetry"
                + " false")
        .contains("visible dev.flowmeter.otel.OtelSinkProvider false")
        .contains("done " + SIZE);
    assertCopyExported(received, printed);
  }

  /**
   * Runs {@code main} under the agent with the otel sink exporting to {@code receiver}, on a
   * {@value #SIZE}-byte file; returns what it printed.
   */
  private String run(OtlpReceiver receiver, String classPath, String main) throws Exception {
    Path source = Files.write(dir.resolve("source.bin"), new byte[SIZE]);
    Path stop = Files.createFile(dir.resolve("stop"));
    Path out = dir.resolve("out.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint());
    command.add("-Dotel.metric.export.interval=1h");
    command.add("-Dotel.service.instance.id=copy-1");
    // a loaded machine (a parallel build) may take more than the default 2 s to start the SDK and
    // export at exit; what is tested is that the export is made, not how fast
    command.add(
        "-javaagent:" + Forked.AGENT + "=flowmeter.sinks=otel;flowmeter.shutdown-timeout=10s");
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.add(source.toString());
    command.add(dir.resolve("target.bin").toString());
    command.add(stop.toString());
    Process process = FleetWorker.start(command, out);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String printed = read(out);
    assertThat(process.isAlive()).as(printed).isFalse();
    assertThat(process.exitValue()).as(printed).isZero();
    return printed;
  }

  /** The last export of the sink's resource holds the copy's bytes, read and written. */
  static void assertCopyExported(List<ResourceMetrics> received, String printed) {
    List<ResourceMetrics> flowmeter =
        received.stream()
            .filter(
                r ->
                    "copy-1"
                        .equals(
                            OtlpReceiver.strings(r.getResource().getAttributesList())
                                .get("service.instance.id")))
            .toList();
    assertThat(flowmeter).as(printed).isNotEmpty();
    assertThat(
            OtlpReceiver.sumBy(flowmeter.get(flowmeter.size() - 1), "flowmeter.bytes", "direction"))
        .containsEntry("read", (long) SIZE)
        .containsEntry("write", (long) SIZE);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
