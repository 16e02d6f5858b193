// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP metrics receiver on 127.0.0.1 and a free port: decodes each {@code POST /v1/metrics}
 * with the real protocol's classes and keeps it, for the tests of the {@code otel} sink, in this
 * module and under the agent (through the test-jar). Thread-safe.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver. */
  public static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/metrics",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            receiver.received.add(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
          }
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  /** The value for {@code otel.exporter.otlp.endpoint}: {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The export requests received so far, oldest first. */
  public List<ExportMetricsServiceRequest> requests() {
    return List.copyOf(received);
  }

  /** Every resource's metrics received so far, in the order received. */
  public List<ResourceMetrics> resourceMetrics() {
    return received.stream().flatMap(r -> r.getResourceMetricsList().stream()).toList();
  }

  /**
   * The sum of the points of the monotonic counter {@code name} in {@code resource}, by the value
   * of its attribute {@code attribute}: with cumulative temporality (the SDKs' default), a
   * resource's last export holds the totals.
   */
  public static Map<String, Long> sumBy(ResourceMetrics resource, String name, String attribute) {
    Map<String, Long> sums = new HashMap<>();
    for (ScopeMetrics scope : resource.getScopeMetricsList()) {
      for (Metric metric : scope.getMetricsList()) {
        if (metric.getName().equals(name)) {
          metric
              .getSum()
              .getDataPointsList()
              .forEach(
                  point ->
                      sums.merge(
                          strings(point.getAttributesList()).get(attribute),
                          point.getAsInt(),
                          Long::sum));
        }
      }
    }
    return sums;
  }

  /** String attributes as a map. */
  public static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> map = new HashMap<>();
    attributes.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
    return map;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}
