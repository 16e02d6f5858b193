// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** What the server tests share: events, a settable clock, an HTTP client and a test access. */
final class Fixtures {
  static final ObjectMapper mapper = new ObjectMapper();
  static final HttpClient client = HttpClient.newHttpClient();
  static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");

  private Fixtures() {}

  /** An event of transfer {@code id} by {@code operation} with {@code status}. */
  static ProgressEvent.Builder event(long id, String operation, Status status) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation(operation)
        .name("file-" + id)
        .status(status)
        .lifecycle(status != Status.IN_PROGRESS)
        .startTime(T0)
        .time(T0);
  }

  static ProgressEvent owned(long id, String user, Status status) {
    return event(id, "download", status).attributes(Map.of("user", user)).build();
  }

  static HttpResponse<String> get(HttpSink sink, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sink.url() + path.substring(1)));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(HttpSink sink, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sink.url() + path.substring(1)))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String text) throws IOException {
    return mapper.readTree(text);
  }

  static HttpSink.Settings settings() {
    return HttpSink.Settings.defaults("127.0.0.1", 0);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * Tokens {@code alice-token} (user alice), {@code bob-token} (user bob) and {@code root-token}
   * (an admin); tickets {@code ticket-<user>} where a ticket is allowed.
   */
  static final class TokenAccess implements Access {
    @Override
    public Optional<Caller> caller(HttpServerExchange exchange, boolean ticketAllowed) {
      String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
      if (header != null && header.startsWith("Bearer ")) {
        return byToken(header.substring("Bearer ".length()));
      }
      var ticket = exchange.getQueryParameters().get("ticket");
      if (ticketAllowed && ticket != null && ticket.peekFirst().startsWith("ticket-")) {
        String user = ticket.peekFirst().substring("ticket-".length());
        return Optional.of(new Caller(user, user.equals("root")));
      }
      return Optional.empty();
    }

    private static Optional<Caller> byToken(String token) {
      switch (token) {
        case "alice-token":
          return Optional.of(new Caller("alice", false));
        case "bob-token":
          return Optional.of(new Caller("bob", false));
        case "root-token":
          return Optional.of(new Caller("root", true));
        default:
          return Optional.empty();
      }
    }

    @Override
    public boolean required() {
      return true;
    }

    @Override
    public String issueTicket(Caller caller) {
      return "ticket-" + caller.user();
    }
  }
}
