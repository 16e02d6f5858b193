// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.SinkContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics}: the scrape of the {@link MetricsEndpoint} another module provides, or a 404
 * naming the module to add. Whatever the endpoint throws is said once and costs only the request.
 */
final class MetricsRoute {
  /** What {@code /metrics} answers when no module provides it. */
  static final String MISSING =
      "GET /metrics needs the flowmeter-otel module on the class path (or its extension jar in"
          + " flowmeter.extensions under the agent)";

  private final String sinkName;
  private final @Nullable MetricsEndpoint endpoint;

  private MetricsRoute(String sinkName, @Nullable MetricsEndpoint endpoint) {
    this.sinkName = sinkName;
    this.endpoint = endpoint;
  }

  /** The route of the http sink {@code sinkName}, with the endpoint found, if any. */
  static MetricsRoute load(String sinkName) {
    return load(SinkContext.builder(sinkName).build());
  }

  /**
   * The route of the http sink configured by {@code context}, with the endpoint found, if any.
   *
   * @throws ConfigException when the endpoint's option is malformed and start-up fails fast
   */
  static MetricsRoute load(SinkContext context) {
    String sinkName = context.name();
    MetricsEndpoint endpoint = null;
    try {
      Iterator<MetricsEndpoint.Factory> factories =
          ServiceLoader.load(MetricsEndpoint.Factory.class, MetricsRoute.class.getClassLoader())
              .iterator();
      if (factories.hasNext()) {
        endpoint = factories.next().create(context);
      }
    } catch (ConfigException e) {
      throw e;
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      Diagnostics.once(
          "http.metrics." + sinkName,
          "sink " + sinkName + ": GET /metrics is off: " + Diagnostics.describe(e),
          e);
    }
    return new MetricsRoute(sinkName, endpoint);
  }

  /** Whether {@code /metrics} has an endpoint. */
  boolean isServed() {
    return endpoint != null;
  }

  /** Passes {@code event} to the endpoint; on the sink's thread. */
  void onEvent(ProgressEvent event) {
    if (endpoint != null) {
      try {
        endpoint.onEvent(event);
      } catch (RuntimeException e) {
        Diagnostics.once(
            "http.metrics.event." + sinkName,
            "sink " + sinkName + ": GET /metrics: " + Diagnostics.describe(e),
            e);
      }
    }
  }

  /** Answers one request, on a worker thread. */
  void handle(HttpServerExchange exchange) {
    if (endpoint == null) {
      Responses.error(exchange, 404, MISSING);
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String type;
    try {
      type = endpoint.scrape(exchange.getRequestHeaders().getFirst(Headers.ACCEPT), body);
    } catch (Exception e) {
      Diagnostics.once(
          "http.metrics.scrape." + sinkName,
          "sink " + sinkName + ": GET /metrics failed: " + Diagnostics.describe(e),
          e);
      Responses.error(exchange, 500, "the metrics could not be written");
      return;
    }
    exchange.setStatusCode(200);
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, type);
    Responses.common(headers);
    exchange.getResponseSender().send(ByteBuffer.wrap(body.toByteArray()));
  }

  /** Closes the endpoint. */
  void close() {
    if (endpoint != null) {
      try {
        endpoint.close();
      } catch (RuntimeException e) {
        Diagnostics.debug("closing GET /metrics of " + sinkName, e);
      }
    }
  }
}
