// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.SinkContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * The access control of a server with tokens: {@code flowmeter.sink.http.token} (one token, whose
 * caller is the admin {@code admin}) and {@code flowmeter.sink.http.tokens} (a file of tokens, each
 * with its user, see {@link TokensFile}); both may be set, and then both are accepted.
 *
 * <p>A request carries one credential. When it has an {@code Authorization} header, the header
 * alone decides: {@code Bearer <token>} (the scheme in any case) with a known token, else no
 * caller. Without the header, where tickets are allowed, a {@code ticket} query parameter with an
 * unused, unexpired ticket (see {@link Tickets}). A ticket is never accepted as a token, nor a
 * token as a ticket: they are looked up in different places.
 *
 * <p>Thread-safety: safe for use by every server thread at once.
 */
final class TokenAccess implements Access {
  /** The user name of {@code flowmeter.sink.http.token}'s caller. */
  static final String ADMIN = "admin";

  static final Duration DEFAULT_TICKET_TTL = Duration.ofSeconds(30);
  private static final Duration MIN_TICKET_TTL = Duration.ofSeconds(1);
  private static final Duration MAX_TICKET_TTL = Duration.ofMinutes(10);

  private static final String BEARER = "bearer ";

  private final Tokens tokens;
  private final Tickets tickets;

  TokenAccess(Tokens tokens, Tickets tickets) {
    this.tokens = tokens;
    this.tickets = tickets;
  }

  /**
   * The access control {@code context}'s options ask for: a {@link TokenAccess} when {@code token}
   * or {@code tokens} is set, else {@link Access#open()}, which is refused unless {@code host} is a
   * loopback address.
   *
   * @throws ConfigException when a token is too short or malformed, the tokens file cannot be read
   *     or has a bad line, or {@code host} is reachable from other machines and no token is set.
   *     The message never contains a token.
   */
  static Access from(SinkContext context, String host) {
    Optional<String> token = context.option("token");
    Optional<String> file = context.option("tokens");
    if (token.isEmpty() && file.isEmpty()) {
      if (!Loopback.isLoopback(host)) {
        throw new ConfigException(
            context.key("host"),
            host,
            "is reachable from other machines, and no token is set: anyone there could see and"
                + " cancel every transfer (set "
                + context.key("token")
                + " or "
                + context.key("tokens")
                + ", or bind to 127.0.0.1)");
      }
      return Access.open();
    }
    Tokens.Builder known = new Tokens.Builder();
    if (token.isPresent()) {
      String key = context.key("token");
      String why = Tokens.problem(token.get());
      if (why != null) {
        throw new ConfigException(key, Tokens.masked(token.get()), why);
      }
      known.add(token.get(), new Caller(ADMIN, true), key);
    }
    if (file.isPresent()) {
      TokensFile.read(context.key("tokens"), file.get(), known);
    }
    Duration ttl =
        context.durationOption("ticket-ttl", DEFAULT_TICKET_TTL, MIN_TICKET_TTL, MAX_TICKET_TTL);
    return new TokenAccess(known.build(), new Tickets(context.clock(), ttl));
  }

  @Override
  public Optional<Caller> caller(HttpServerExchange exchange, boolean ticketAllowed) {
    HeaderValues authorization = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
    if (authorization != null && !authorization.isEmpty()) {
      return authorization.size() == 1
          ? bearer(authorization.getFirst()).flatMap(tokens::find)
          : Optional.empty();
    }
    if (!ticketAllowed) {
      return Optional.empty();
    }
    Deque<String> ticket = exchange.getQueryParameters().get("ticket");
    return ticket != null && ticket.size() == 1
        ? tickets.redeem(ticket.getFirst())
        : Optional.empty();
  }

  /** The token of an {@code Authorization} header of the Bearer scheme, if it has one. */
  static Optional<String> bearer(String header) {
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  @Override
  public boolean required() {
    return true;
  }

  @Override
  public String issueTicket(Caller caller) {
    return tickets.issue(caller);
  }

  @Override
  public Duration ticketTtl() {
    return tickets.ttl();
  }
}
