// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static dev.flowmeter.otel.OtlpReceiver.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class OtelSinkProviderTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  @Test
  void otlp_exportsTheLastCountsOnCloseToAReceiverDecodingTheRealProtocol() throws Exception {
    OtlpReceiver receiver = OtlpReceiver.start();
    try (SystemProperties properties =
        new SystemProperties()
            .set("otel.exporter.otlp.endpoint", receiver.endpoint())
            .set("otel.metric.export.interval", "1h")
            .set("otel.service.instance.id", "worker-7")) {
      ProgressSink sink = new OtelSinkProvider().create(SinkContext.builder("otel").build());
      Events upload = new Events(1, "upload").name("/srv/secret.bin");
      sink.onEvent(upload.started());
      sink.onEvent(upload.progress(4096));
      sink.onEvent(upload.ended(Status.COMPLETED, 10_000, Duration.ofSeconds(2)));
      Events download = new Events(2, "download");
      sink.onEvent(download.started());
      sink.onEvent(download.ended(Status.FAILED, 2_500, Duration.ofSeconds(1)));
      sink.close();
    } finally {
      receiver.close();
    }

    List<ExportMetricsServiceRequest> received = receiver.requests();
    assertThat(received).isNotEmpty();
    ResourceMetrics last = received.get(received.size() - 1).getResourceMetrics(0);
    Map<String, String> resource = strings(last.getResource().getAttributesList());
    assertThat(resource)
        .containsEntry("service.name", "flowmeter")
        .containsEntry("service.instance.id", "worker-7")
        .containsKey("host.name");
    List<Metric> metrics = last.getScopeMetrics(0).getMetricsList();
    assertThat(last.getScopeMetrics(0).getScope().getName()).isEqualTo("dev.flowmeter");
    Metric bytes =
        metrics.stream().filter(m -> m.getName().equals("flowmeter.bytes")).findFirst().get();
    assertThat(bytes.getUnit()).isEqualTo("By");
    assertThat(bytes.getSum().getIsMonotonic()).isTrue();
    assertThat(
            bytes.getSum().getDataPointsList().stream().mapToLong(NumberDataPoint::getAsInt).sum())
        .isEqualTo(12_500);
    assertThat(
            bytes.getSum().getDataPointsList().stream()
                .map(p -> strings(p.getAttributesList()))
                .collect(Collectors.toList()))
        .containsExactlyInAnyOrder(
            Map.of("operation", "upload", "source", "api", "direction", "write"),
            Map.of("operation", "download", "source", "api", "direction", "write"));
    assertThat(metrics.stream().map(Metric::getName))
        .contains(
            "flowmeter.transfers.active",
            "flowmeter.transfers.finished",
            "flowmeter.transfer.duration");
  }

  @Test
  void otlp_unreachableEndpointIsSaidOnceAndNothingBlocks() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (SystemProperties properties =
        new SystemProperties()
            .set("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
            .set("otel.metric.export.interval", "100ms")
            .set("flowmeter.shutdown-timeout", "1s")) {
      ProgressSink sink = new OtelSinkProvider().create(SinkContext.builder("otel").build());
      Events upload = new Events(1, "upload");
      sink.onEvent(upload.started());
      // the exporter retries with a growing wait before it gives an export up: wait for that,
      // recording all along, which never waits for the exporter
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (long i = 1; !err.toString(StandardCharsets.UTF_8).contains("cannot export"); i++) {
        assertThat(System.nanoTime()).as("no line said the export failed").isLessThan(deadline);
        sink.onEvent(upload.progress(i * 10));
        Thread.sleep(50);
      }
      sink.onEvent(upload.ended(Status.COMPLETED, 600, Duration.ofSeconds(1)));
      sink.close();
    }

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.contains("cannot export metrics"))
        .singleElement()
        .asString()
        .contains("sink otel", "127.0.0.1:" + closedPort);
  }

  @Test
  void otelValues_malformedAreOneErrorNamingTheKey() {
    try (SystemProperties properties =
        new SystemProperties().set("otel.metric.export.interval", "often")) {
      assertThatThrownBy(() -> new OtelSinkProvider().create(SinkContext.builder("otel").build()))
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e -> assertThat(((ConfigException) e).key()).isEqualTo("otel.metric.export.interval"))
          .hasMessageContaining("often")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void otelSdk_isNeverTheGlobalOne() throws Exception {
    try (SystemProperties properties =
        new SystemProperties().set("otel.metrics.exporter", "none")) {
      ProgressSink sink = new OtelSinkProvider().create(SinkContext.builder("otel").build());
      sink.close();
    }
    assertThat(io.opentelemetry.api.GlobalOpenTelemetry.isSet()).isFalse();
  }

  @Test
  void javaAgentSink_notChosenWithoutTheJavaAgent_whereTheSdkIsPresent() throws Exception {
    assertThat(JavaAgentSink.applies()).isFalse();
    try (SystemProperties properties =
        new SystemProperties().set("otel.metrics.exporter", "none")) {
      ProgressSink sink = new OtelSinkProvider().create(SinkContext.builder("otel").build());
      sink.close();
      assertThat(sink).isInstanceOf(OtelSink.class);
    }
  }

  /**
   * Made without the OpenTelemetry Java agent (the agent's {@code BothAgentsTest} attaches the real
   * one), the sink never touches {@link io.opentelemetry.api.GlobalOpenTelemetry} before that agent
   * started.
   */
  @Test
  void javaAgentSink_beforeTheJavaAgentStarted_recordsNothing_andLeavesTheGlobalAlone() {
    JavaAgentSink sink = new JavaAgentSink("otel", false, Duration.ofMillis(100));
    Events copy = new Events(1, "copy");
    sink.onEvent(copy.started());
    sink.onEvent(copy.progress(4096));
    sink.close();

    assertThat(io.opentelemetry.api.GlobalOpenTelemetry.isSet()).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "flowmeter: sink otel: the OpenTelemetry Java agent is attached: reporting into its"
                + " meter provider (its resource, exporter and otel.* settings); Flowmeter starts"
                + " no OpenTelemetry SDK");
  }
}
