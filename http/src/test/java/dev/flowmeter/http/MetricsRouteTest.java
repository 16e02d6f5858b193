// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} without the module that provides it (the otel module's own tests serve it
 * with the module there).
 */
final class MetricsRouteTest {
  @Test
  void metrics_withoutTheOtelModuleAnswer404NamingIt() throws Exception {
    assertThat(MetricsRoute.load("http").isServed()).isFalse();
    HttpSink sink = HttpSink.start("127.0.0.1", 0);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(sink.url() + "metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("flowmeter-otel", "flowmeter.extensions");
    } finally {
      sink.close();
    }
  }
}
