// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Status;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The otel and prometheus sinks against what a hostile user, or a hostile network, gives them. */
final class HostileMetricsTest {
  @RegisterExtension final DiagnosticsCapture diagnostics = new DiagnosticsCapture();

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final TransferMetrics metrics = new TransferMetrics(provider, "otel");

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void port_signedOtherScriptsDigitsOrZero_areRefusedInOneLine() {
    for (String port : List.of("+9464", "\u0669\u0664\u0666\u0664", "0x24d8", "9464.0")) {
      assertThatThrownBy(() -> prometheus(port))
          .as(port)
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "flowmeter.sinks: 'prometheus:"
                  + port
                  + "' is not a port (accepted: prometheus:<port>, a port from 1 to 65535)");
    }
    assertThatThrownBy(() -> prometheus("0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'prometheus:0' would listen on a port picked at random")
        .hasMessageContaining("the port from 1 to 65535 Prometheus scrapes");
  }

  @Test
  void otelValues_theSdkDoesNotNameAreStillOneLineNamingKeyAndValue() {
    assertNamed("otel.metric.export.interval", "-5", "interval must be positive");
    assertNamed("otel.metric.export.interval", "0", "interval must be positive");
    assertNamed("otel.exporter.otlp.compression", "zip", "Compression method must be");
    assertNamed("otel.exporter.otlp.endpoint", "not a url", "must be a valid URL");
    assertNamed("otel.exporter.otlp.protocol", "carrier-pigeon", "Unsupported OTLP");
    assertNamed("otel.metrics.exporter", "foo", "Unrecognized value");
    assertNamed("otel.resource.attributes", "a=b,,=c", "Invalid map property");
  }

  private static void assertNamed(String key, String value, String said) {
    try (SystemProperties properties = new SystemProperties().set(key, value)) {
      assertThatThrownBy(() -> new OtelSinkProvider().create(SinkContext.builder("otel").build()))
          .as(key + "=" + value)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              key + ": '" + value + "' is not accepted by the OpenTelemetry SDK")
          .hasMessageContaining(said)
          .hasMessageNotContaining("Unexpected configuration error")
          .hasMessageNotContaining("\n")
          .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
  }

  @Test
  void operations_withControlCharactersSurrogatesOrHugeAreShortOneLineWords() {
    List<String> words =
        List.of(
            "up\u001b[31mload\n",
            "bad\uD800half",
            "x".repeat(999),
            "\u202eevil\u2066",
            "new\r\nline");
    for (int i = 0; i < words.size(); i++) {
      Events events = new Events(i + 1, words.get(i));
      metrics.record(events.started());
      metrics.record(events.ended(Status.COMPLETED, 10, Duration.ofSeconds(1)));
    }

    Set<String> shown = operations(reader.collectAllMetrics());
    assertThat(shown)
        .containsExactlyInAnyOrder(
            "up?load?",
            "bad?half",
            "x".repeat(66) + "\u2026" + "x".repeat(33),
            "?evil?",
            "new??line");
  }

  @Test
  void operations_tenThousandDistinctWords_keepFiftyCountEveryByteAndSayItOnce() {
    for (int i = 1; i <= 10_000; i++) {
      Events events = new Events(i, "op-" + i);
      metrics.record(events.started());
      metrics.record(events.ended(Status.COMPLETED, 3, Duration.ofMillis(i)));
    }

    List<MetricData> data = new ArrayList<>(reader.collectAllMetrics());
    assertThat(operations(data)).hasSize(TransferMetrics.MAX_OPERATIONS + 1).contains("other");
    long bytes =
        TestSinks.points(data, TransferMetrics.BYTES).stream()
            .mapToLong(p -> ((io.opentelemetry.sdk.metrics.data.LongPointData) p).getValue())
            .sum();
    assertThat(bytes).isEqualTo(30_000);
    assertThat(metrics.openTransfers()).isZero();
    assertThat(diagnostics.said().lines())
        .singleElement()
        .asString()
        .contains("keeps 50 distinct operation words", "operation=other");
  }

  @Test
  void otlpEndpointThatNeverAnswers_atExit_saysWhatWasLostAndTheJvmEnds() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never answer
                  }
                } catch (java.io.IOException e) {
                  // closed: the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Dflowmeter.sinks=otel");
      command.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + silent.getLocalPort());
      command.add("-Dotel.metric.export.interval=1h");
      // on a loaded machine the SDK's start may take most of the default 2 s of the exit, and
      // the line then says only that nothing was exported in what was left; 5 s leaves time to
      // try the export and to say what it lost (the SDK caps its own last flush at 5 s)
      command.add("-Dflowmeter.shutdown-timeout=5s");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ShortProgram.class.getName());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .as(output)
          .contains("read 12345")
          .containsPattern(
              "flowmeter: sink otel: the last export \\(4 metric points\\) was not sent to"
                  + " http://127.0.0.1:[0-9]+ within [0-9]+ms .*; it is lost with the program's"
                  + " exit")
          .doesNotContain("left to write when flowmeter.shutdown-timeout");
      assertThat(accepted).isNotEmpty();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  private static Object prometheus(String port) throws Exception {
    return new PrometheusSinkProvider()
        .create(SinkContext.builder("prometheus").argument(port).build());
  }

  private static Set<String> operations(java.util.Collection<MetricData> data) {
    return TestSinks.points(data, TransferMetrics.BYTES).stream()
        .map(p -> p.getAttributes().get(TransferMetrics.OPERATION))
        .collect(Collectors.toSet());
  }
}
