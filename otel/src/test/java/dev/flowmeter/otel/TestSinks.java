// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.http.HttpSinkProvider;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The sinks the tests start on 127.0.0.1, their scrapes, and the points an SDK collected. */
final class TestSinks {
  private static final HttpClient client = HttpClient.newHttpClient();

  private TestSinks() {}

  /** A {@code prometheus:<port>} sink with {@code options}, given as key, value, key, value. */
  static ProgressSink prometheus(int port, String... options) throws IOException {
    return new PrometheusSinkProvider().create(context("prometheus", port, options));
  }

  /** An {@code http:<port>} sink with {@code options}, given as key, value, key, value. */
  static ProgressSink http(int port, String... options) throws IOException {
    return new HttpSinkProvider().create(context("http", port, options));
  }

  /** The body of {@code GET /metrics} on {@code port}. */
  static String scrape(int port) throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The points of the metric {@code name} in {@code data}. */
  static List<PointData> points(Collection<MetricData> data, String name) {
    List<PointData> points = new ArrayList<>();
    for (MetricData metric : data) {
      if (metric.getName().equals(name)) {
        points.addAll(metric.getData().getPoints());
      }
    }
    return points;
  }

  private static SinkContext context(String kind, int port, String... options) {
    SinkContext.Builder context = SinkContext.builder(kind).argument(Integer.toString(port));
    for (int i = 0; i + 1 < options.length; i += 2) {
      context.option(options[i], options[i + 1]);
    }
    return context.build();
  }
}
