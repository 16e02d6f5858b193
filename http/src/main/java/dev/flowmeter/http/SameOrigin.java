// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The gate in front of the whole server when no token is set, the case where anything that can
 * reach the port may use it. Only a browser can be talked into reaching a loopback port by a page
 * from elsewhere, so only what browsers send is checked: a {@code Host} that is not a loopback name
 * or the bound host (a page whose own name was pointed at 127.0.0.1, DNS rebinding), and an {@code
 * Origin} that is not this server (a page elsewhere posting a cancel or opening the WebSocket,
 * which browsers allow across origins). Either answers {@code 403}. A request without these headers
 * (curl, the JDK's client) passes. With a token, the token decides, and a page on another origin
 * that holds a ticket may open the stream or the WebSocket.
 */
final class SameOrigin implements HttpHandler {
  private static final Pattern LOOPBACK =
      Pattern.compile("localhost\\.?|127(\\.[0-9]{1,3}){3}|\\[::1\\]|\\[0*(:0*){0,6}:0*1\\]");

  private final String boundHost;
  private final HttpHandler next;

  SameOrigin(String boundHost, HttpHandler next) {
    String h = boundHost.strip().toLowerCase(Locale.ROOT);
    this.boundHost = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (host != null && !isLocal(host)) {
      Responses.error(exchange, 403, "forbidden: Host '" + host + "' is not this machine");
    } else if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
      Responses.error(exchange, 403, "forbidden: requests from other origins need a token");
    } else {
      next.handleRequest(exchange);
    }
  }

  /** Whether {@code host} (a {@code Host} header, port included) names a loopback address. */
  private boolean isLocal(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon >= 0 && colon > name.lastIndexOf(']')) {
      name = name.substring(0, colon);
    }
    return name.equals(boundHost) || LOOPBACK.matcher(name).matches();
  }
}
