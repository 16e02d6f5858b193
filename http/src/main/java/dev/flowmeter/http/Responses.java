// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;

/** How every answer of the server is written: JSON bodies, errors, and the headers they share. */
final class Responses {
  static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
  static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");

  private Responses() {}

  /** Sends {@code json} with {@code status}; never cached, never sniffed as anything but JSON. */
  static void json(HttpServerExchange exchange, int status, String json) {
    exchange.setStatusCode(status);
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    common(headers);
    exchange.getResponseSender().send(json, StandardCharsets.UTF_8);
  }

  /** Sends {@code {"error":<message>}} with {@code status}. */
  static void error(HttpServerExchange exchange, int status, String message) {
    json(exchange, status, TaskJson.error(message));
  }

  /** A 405 naming the one method {@code allowed}. */
  static void methodNotAllowed(HttpServerExchange exchange, String allowed) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
    error(exchange, 405, "method not allowed (use " + allowed + ")");
  }

  /** The headers every answer carries: not cached, not sniffed, no referrer sent on. */
  static void common(HeaderMap headers) {
    headers.put(Headers.CACHE_CONTROL, "no-store");
    headers.put(X_CONTENT_TYPE_OPTIONS, "nosniff");
    headers.put(REFERRER_POLICY, "no-referrer");
  }
}
