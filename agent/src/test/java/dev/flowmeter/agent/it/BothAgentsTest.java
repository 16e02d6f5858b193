// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.otel.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real OpenTelemetry Java agent (from Maven Central) attached beside this one, in either order,
 * with its OTLP exporter sending to an in-test receiver: the {@code otel} sink reports into that
 * agent's meter provider, so {@code flowmeter.bytes} arrives in that agent's exports, under its
 * resource (the {@code service.name} given to it), beside its own JVM metrics; no second SDK starts
 * (every export has that one resource, none Flowmeter's {@code service.name} default), and one line
 * says so. The program ({@link FleetWorker}) copies a file, then waits, so that the other agent's
 * periodic export (every half second here) brings the counts; the test stops it once they are
 * there.
 */
final class BothAgentsTest {
  private static final Path OTEL_AGENT = Forked.LIBS.resolve("opentelemetry-javaagent.jar");
  private static final int SIZE = 3 << 20;
  private static final long TIMEOUT_SECONDS = 90;

  @TempDir Path dir;

  @ParameterizedTest(name = "Flowmeter''s agent first: {0}")
  @ValueSource(booleans = {true, false})
  void otelJavaAgent_getsTheBytes_inItsResource_withoutASecondSdk(boolean flowmeterFirst)
      throws Exception {
    Path source = Files.write(dir.resolve("source.bin"), new byte[SIZE]);
    Path stop = dir.resolve("stop");
    Path out = dir.resolve("out.txt");
    String flowmeter = "-javaagent:" + Forked.AGENT + "=flowmeter.sinks=otel";
    String otel = "-javaagent:" + OTEL_AGENT;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dotel.service.name=billing-worker");
    command.add("-Dotel.traces.exporter=none");
    command.add("-Dotel.logs.exporter=none");
    command.add("-Dotel.metric.export.interval=500");
    command.add(flowmeterFirst ? flowmeter : otel);
    command.add(flowmeterFirst ? otel : flowmeter);
    command.add("-cp");
    command.add(Forked.classPath());
    command.add(FleetWorker.class.getName());
    command.add(source.toString());
    command.add(dir.resolve("target.bin").toString());
    command.add(stop.toString());

    List<ResourceMetrics> received;
    String printed;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      command.add(1, "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint());
      Process process = FleetWorker.start(command, out);
      try {
        awaitBytes(receiver, process, out);
      } finally {
        Files.writeString(stop, "stop");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      printed = read(out);
      assertThat(process.exitValue()).as(printed).isZero();
      received = receiver.resourceMetrics();
    }

    assertThat(printed).contains("done " + SIZE);
    assertThat(printed.lines().filter(line -> line.startsWith("flowmeter: ")))
        .as(printed)
        .containsExactly(
            "flowmeter: sink otel: the OpenTelemetry Java agent is attached: reporting into its"
                + " meter provider (its resource, exporter and otel.* settings); Flowmeter starts"
                + " no OpenTelemetry SDK");
    List<Map<String, String>> resources =
        received.stream()
            .map(r -> OtlpReceiver.strings(r.getResource().getAttributesList()))
            .distinct()
            .toList();
    assertThat(resources).as("one resource, the other agent's").hasSize(1);
    assertThat(resources.get(0))
        .containsEntry("service.name", "billing-worker")
        .containsEntry("telemetry.distro.name", "opentelemetry-java-instrumentation");
    ResourceMetrics last = received.get(received.size() - 1);
    assertThat(OtlpReceiver.sumBy(last, "flowmeter.bytes", "direction"))
        .isEqualTo(Map.of("read", (long) SIZE, "write", (long) SIZE));
    assertThat(
            last.getScopeMetricsList().stream()
                .map(scope -> scope.getScope().getName())
                .collect(Collectors.toSet()))
        .as("Flowmeter's instruments beside the other agent's own, in one export")
        .contains("dev.flowmeter")
        .anyMatch(scope -> scope.startsWith("io.opentelemetry."));
  }

  /** Waits until an export holds the copy's bytes, read and written. */
  private static void awaitBytes(OtlpReceiver receiver, Process process, Path out)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    Map<String, Long> expected = Map.of("read", (long) SIZE, "write", (long) SIZE);
    while (System.nanoTime() < deadline && process.isAlive()) {
      List<ResourceMetrics> received = receiver.resourceMetrics();
      if (!received.isEmpty()
          && expected.equals(
              OtlpReceiver.sumBy(
                  received.get(received.size() - 1), "flowmeter.bytes", "direction"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no export with the copy's bytes in "
            + TIMEOUT_SECONDS
            + " s; scopes received: "
            + receiver.resourceMetrics().stream()
                .flatMap(r -> r.getScopeMetricsList().stream())
                .map(ScopeMetrics::getScope)
                .map(scope -> scope.getName())
                .distinct()
                .toList()
            + "; printed:\n"
            + read(out)
            + "\nthreads:\n"
            + Forked.threads(process));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
