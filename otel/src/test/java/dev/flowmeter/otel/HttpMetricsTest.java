// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.http.HttpSinkProvider;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the http sink's server, with this module on the class path. */
final class HttpMetricsTest {
  private static final String TOKEN = "metrics-token-0123456789";

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void metrics_onTheHttpSinkServeTheEventsItReceives() throws Exception {
    int port = PrometheusSinkProviderTest.freePort();
    ProgressSink sink =
        new HttpSinkProvider()
            .create(SinkContext.builder("http").argument(Integer.toString(port)).build());
    try {
      PrometheusSinkProviderTest.recordSomeTransfers(sink);

      HttpResponse<String> response = get(port, null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(
              PrometheusSinkProviderTest.sample(
                  response.body(),
                  "flowmeter_bytes_total{direction=\"write\",operation=\"upload\""))
          .isEqualTo(1500.0);
      assertThat(response.body()).contains("flowmeter_transfers_active{");
    } finally {
      sink.close();
    }
  }

  @Test
  void metrics_askForTheTokenAsTheRestOfTheApi() throws Exception {
    int port = PrometheusSinkProviderTest.freePort();
    ProgressSink sink =
        new HttpSinkProvider()
            .create(
                SinkContext.builder("http")
                    .argument(Integer.toString(port))
                    .option("token", TOKEN)
                    .build());
    try {
      assertThat(get(port, null).statusCode()).isEqualTo(401);
      assertThat(get(port, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    } finally {
      sink.close();
    }
  }

  @Test
  void metrics_besideAPrometheusSinkCountEachByteOnceInEach() throws Exception {
    int httpPort = PrometheusSinkProviderTest.freePort();
    int prometheusPort = PrometheusSinkProviderTest.freePort();
    ProgressSink http = TestSinks.http(httpPort);
    ProgressSink prometheus = TestSinks.prometheus(prometheusPort);
    Flowmeter.addSink("http", http);
    Flowmeter.addSink("prometheus", prometheus);
    try {
      try (InputStream in =
          Flowmeter.wrap(new ByteArrayInputStream(new byte[4321]), "both.bin", 4321)) {
        assertThat(in.readAllBytes()).hasSize(4321);
      }
      assertThat(Flowmeter.flush(30_000)).isTrue();

      String prefix = "flowmeter_bytes_total{direction=\"read\",operation=\"read\"";
      assertThat(PrometheusSinkProviderTest.sample(get(httpPort, null).body(), prefix))
          .isEqualTo(4321.0);
      String scrape = TestSinks.scrape(prometheusPort);
      assertThat(PrometheusSinkProviderTest.sample(scrape, prefix)).isEqualTo(4321.0);
    } finally {
      Flowmeter.removeSink(http);
      Flowmeter.removeSink(prometheus);
    }
  }

  private HttpResponse<String> get(int port, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
