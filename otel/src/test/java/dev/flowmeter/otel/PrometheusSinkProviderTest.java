// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Direction;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class PrometheusSinkProviderTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void scrape_servesTheInstrumentsInTheTextFormatAndOpenMetricsWhenAsked() throws Exception {
    int port = freePort();
    ProgressSink sink =
        new PrometheusSinkProvider()
            .create(SinkContext.builder("prometheus").argument(Integer.toString(port)).build());
    try {
      recordSomeTransfers(sink);

      HttpResponse<String> text = get(port, null);
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(text.body())
          .contains(
              "flowmeter_bytes_total{direction=\"write\",operation=\"upload\","
                  + "otel_scope_name=\"dev.flowmeter\"",
              "flowmeter_transfers_active{",
              "flowmeter_transfers_finished_total{",
              "flowmeter_transfer_duration_seconds_bucket{",
              "target_info{")
          .contains("service_instance_id=\"")
          .doesNotContain("secret");
      assertThat(
              sample(text.body(), "flowmeter_bytes_total{direction=\"write\",operation=\"upload\""))
          .isEqualTo(1500.0);
      assertThat(sample(text.body(), "flowmeter_bytes_total{direction=\"read\",operation=\"copy\""))
          .isEqualTo(700.0);

      HttpResponse<String> open =
          get(port, "application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(open.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/openmetrics-text");
      assertThat(open.body()).contains("flowmeter_bytes_total{").endsWith("# EOF\n");
      writeExample(text.body());
    } finally {
      sink.close();
    }
  }

  @Test
  void port_inUseIsAnIoErrorNamingHostAndPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  new PrometheusSinkProvider()
                      .create(
                          SinkContext.builder("prometheus")
                              .argument(Integer.toString(port))
                              .build()))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port);
    }
  }

  @Test
  void port_missingOrMalformedIsAConfigError() {
    assertThatThrownBy(
            () -> new PrometheusSinkProvider().create(SinkContext.builder("prometheus").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("prometheus:<port>");
    assertThatThrownBy(
            () ->
                new PrometheusSinkProvider()
                    .create(SinkContext.builder("prometheus").argument("99999").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("prometheus:99999")
        .hasMessageContaining("1 to 65535");
  }

  static void recordSomeTransfers(ProgressSink sink) {
    Events upload = new Events(1, "upload").name("/home/secret/a.bin");
    sink.onEvent(upload.started());
    sink.onEvent(upload.progress(1000));
    sink.onEvent(upload.ended(Status.COMPLETED, 1500, Duration.ofMillis(1200)));
    Events copy = new Events(2, "copy").source("agent.file", Direction.READ);
    sink.onEvent(copy.started());
    sink.onEvent(copy.progress(700));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The value of the first sample line starting with {@code prefix}. */
  static double sample(String body, String prefix) {
    return body.lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + prefix + " in\n" + body));
  }

  private HttpResponse<String> get(int port, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Keeps the scrape for the README's example, in target/. */
  private static void writeExample(String body) throws IOException {
    Files.writeString(
        Path.of("target", "prometheus-scrape-example.txt"), body, StandardCharsets.UTF_8);
  }
}
