// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * The gate in front of every {@code /api/} handler: asks {@link Access} who the caller is, answers
 * {@code 401} with {@code WWW-Authenticate: Bearer} when nobody, else hands the exchange on with
 * the caller attached ({@link #CALLER}).
 */
final class AccessHandler implements HttpHandler {
  /** The caller of an exchange that passed the gate. */
  static final AttachmentKey<Caller> CALLER = AttachmentKey.create(Caller.class);

  private final Access access;
  private final boolean ticketAllowed;
  private final HttpHandler next;

  AccessHandler(Access access, boolean ticketAllowed, HttpHandler next) {
    this.access = access;
    this.ticketAllowed = ticketAllowed;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Optional<Caller> caller = access.caller(exchange, ticketAllowed);
    if (caller.isEmpty()) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      Responses.error(exchange, 401, "unauthorized: send Authorization: Bearer <token>");
      return;
    }
    exchange.putAttachment(CALLER, caller.get());
    next.handleRequest(exchange);
  }

  /** The caller the gate attached to {@code exchange}. */
  static Caller caller(HttpServerExchange exchange) {
    Caller caller = exchange.getAttachment(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no caller: the handler is not behind the access gate");
    }
    return caller;
  }
}
