// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard: {@code /}, {@code /dashboard.js} and {@code /dashboard.css}, read once from this
 * module's resources, served with a strict Content-Security-Policy. A build without the resources
 * serves a one-line placeholder page in their stead.
 */
final class Pages implements HttpHandler {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final HttpString CSP = new HttpString("Content-Security-Policy");
  private static final String PLACEHOLDER =
      "<!doctype html><meta charset=\"utf-8\"><title>Flowmeter</title>"
          + "<p>Flowmeter: the dashboard is not in this build; see /api/progress.";

  private record Page(String contentType, byte[] body) {}

  private final Map<String, Page> pages;

  Pages() {
    this.pages =
        Map.of(
            "/", page("index.html", "text/html; charset=utf-8", PLACEHOLDER),
            "/dashboard.js", page("dashboard.js", "text/javascript; charset=utf-8", ""),
            "/dashboard.css", page("dashboard.css", "text/css; charset=utf-8", ""));
  }

  private static Page page(String resource, String contentType, String placeholder) {
    try (InputStream in = Pages.class.getResourceAsStream("dashboard/" + resource)) {
      byte[] body = in == null ? placeholder.getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
      return new Page(contentType, body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's " + resource, e);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Page page = pages.get(exchange.getRequestPath());
    if (page == null) {
      Responses.error(exchange, 404, "not found");
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.GET)) {
      Responses.methodNotAllowed(exchange, "GET");
      return;
    }
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, page.contentType());
    headers.put(CSP, CONTENT_SECURITY_POLICY);
    Responses.common(headers);
    exchange.getResponseSender().send(ByteBuffer.wrap(page.body()));
  }
}
