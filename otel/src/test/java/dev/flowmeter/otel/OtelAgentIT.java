// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension jar under the agent: a program that knows nothing of Flowmeter, run with {@code
 * -javaagent:flowmeter-agent.jar=flowmeter.sinks=otel;flowmeter.extensions=<the jar>} and an OTLP
 * endpoint, sends its copy's bytes to an in-test receiver when it exits (the export interval is an
 * hour: only the flush on close can do it). Runs after {@code package}, which builds the jar.
 */
final class OtelAgentIT {
  private static final Path AGENT = Path.of(System.getProperty("flowmeter.agent.jar"));
  private static final Path EXTENSION = Path.of(System.getProperty("flowmeter.otel.extension"));

  @TempDir Path dir;

  @Test
  void extensionJar_underTheAgent_exportsTheCopyAtExit() throws Exception {
    List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/v1/metrics",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    Path source = Files.write(dir.resolve("source.bin"), new byte[3 << 20]);
    Path out = dir.resolve("out.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(
        "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + receiver.getAddress().getPort());
    command.add("-Dotel.metric.export.interval=1h");
    command.add("-Dotel.service.instance.id=copy-1");
    // a loaded machine (a parallel build) may take more than the default 2 s to start the SDK and
    // export at exit; what is tested is that the export is made, not how fast
    command.add(
        "-javaagent:"
            + AGENT
            + "=flowmeter.sinks=otel;flowmeter.extensions="
            + EXTENSION
            + ";flowmeter.shutdown-timeout=10s");
    command.add("-cp");
    command.add(
        Path.of(CopyProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    command.add(CopyProgram.class.getName());
    command.add(source.toString());
    command.add(dir.resolve("target.bin").toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(out.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("FLOWMETER_") || k.startsWith("OTEL_"));
    String printed;
    try {
      Process process = builder.start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      printed = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(printed).isZero();
    } finally {
      receiver.stop(0);
    }

    assertThat(printed).as(printed).contains("done 3145728");
    assertThat(printed.lines()).as(printed).noneMatch(line -> line.contains("flowmeter"));
    assertThat(received).as(printed).isNotEmpty();
    Map<String, Long> bytesByDirection = new HashMap<>();
    for (var resource : received.get(received.size() - 1).getResourceMetricsList()) {
      assertThat(strings(resource.getResource().getAttributesList()))
          .containsEntry("service.instance.id", "copy-1");
      resource.getScopeMetricsList().stream()
          .flatMap(scope -> scope.getMetricsList().stream())
          .filter(metric -> metric.getName().equals("flowmeter.bytes"))
          .flatMap(metric -> metric.getSum().getDataPointsList().stream())
          .forEach(
              point ->
                  bytesByDirection.merge(
                      strings(point.getAttributesList()).get("direction"),
                      point.getAsInt(),
                      Long::sum));
    }
    assertThat(bytesByDirection).containsEntry("read", 3L << 20).containsEntry("write", 3L << 20);
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> map = new HashMap<>();
    attributes.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
    return map;
  }
}
