// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides who a request comes from. The server asks it for every request to {@code /api/...} before
 * anything else; an empty answer is a {@code 401}.
 */
interface Access {
  /**
   * The caller of {@code exchange}: from its {@code Authorization: Bearer} header, or, where {@code
   * ticketAllowed} (the event stream and the WebSocket, which browsers open without headers), from
   * a single-use {@code ticket} query parameter. Empty when neither is valid.
   */
  Optional<Caller> caller(HttpServerExchange exchange, boolean ticketAllowed);

  /** Whether requests need a token at all; without one, every caller is {@link Caller#ANYONE}. */
  boolean required();

  /**
   * A new single-use ticket for {@code caller}, valid for a short time, for {@code POST
   * /api/tickets}.
   */
  String issueTicket(Caller caller);

  /** How long a ticket from {@link #issueTicket} is valid: the {@code expires_in} of its answer. */
  default Duration ticketTtl() {
    return Duration.ofSeconds(30);
  }

  /** No token required: every request comes from {@link Caller#ANYONE}. */
  static Access open() {
    return new Access() {
      @Override
      public Optional<Caller> caller(HttpServerExchange exchange, boolean ticketAllowed) {
        return Optional.of(Caller.ANYONE);
      }

      @Override
      public boolean required() {
        return false;
      }

      @Override
      public String issueTicket(Caller caller) {
        return "";
      }
    };
  }
}
