// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.LiveTransfers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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

  /** The default settings on a free port of 127.0.0.1, to change where a test needs. */
  static SettingsBuilder settings() {
    return new SettingsBuilder();
  }

  /** Builds {@link HttpSink.Settings} from the defaults. */
  static final class SettingsBuilder {
    private final HttpSink.Settings d = HttpSink.Settings.defaults("127.0.0.1", 0);
    private Duration interval = d.interval();
    private Duration retention = d.retention();
    private Duration heartbeat = d.heartbeat();
    private Access access = d.access();
    private LiveTransfers transfers = d.transfers();
    private Clock clock = d.clock();
    private LongSupplier nanoTime = d.nanoTime();

    SettingsBuilder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    SettingsBuilder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    SettingsBuilder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    SettingsBuilder access(Access access) {
      this.access = access;
      return this;
    }

    SettingsBuilder transfers(LiveTransfers transfers) {
      this.transfers = transfers;
      return this;
    }

    SettingsBuilder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    SettingsBuilder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    HttpSink.Settings build() {
      return new HttpSink.Settings(
          d.host(), 0, interval, retention, heartbeat, access, transfers, clock, nanoTime);
    }
  }

  /** Waits up to 10 s for {@code condition}; fails when it never holds. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  /**
   * Sends events with long names to a client that does not read until {@code unsent} (what the
   * server holds for it) reaches {@link HttpSink#MAX_UNSENT}, then one more: the server must then
   * let the client go rather than hold more.
   */
  static void flood(HttpSink sink, IntSupplier clients, LongSupplier unsent) {
    String name = "x".repeat(2000);
    int sent = 0;
    while (sent < 20_000 && clients.getAsInt() > 0 && unsent.getAsLong() < HttpSink.MAX_UNSENT) {
      sink.onEvent(event(++sent, "upload", Status.STARTING).name(name).build());
    }
    sink.onEvent(event(++sent, "upload", Status.STARTING).name(name).build()); // one too many
    assertThat(unsent.getAsLong()).isLessThanOrEqualTo(HttpSink.MAX_UNSENT);
  }

  /** Reads {@code in} to its end: what the kernel held, then the end the server's close makes. */
  static void readToEnd(InputStream in) {
    byte[] buffer = new byte[65536];
    try {
      while (in.read(buffer) >= 0) {
        // discarded
      }
    } catch (IOException e) {
      // a reset: closed too
    }
  }

  /**
   * What a test opened, closed after it in the reverse order: register it with {@code
   * RegisterExtension}.
   */
  static final class Servers implements AfterEachCallback {
    private final List<AutoCloseable> open = new ArrayList<>();

    HttpSink start(HttpSink.Settings settings) throws IOException {
      HttpSink sink = HttpSink.start(settings);
      open.add(0, sink::close);
      return sink;
    }

    <T extends AutoCloseable> T add(T closeable) {
      open.add(0, closeable);
      return closeable;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
      open.clear();
    }
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
  static final class FakeAccess implements Access {
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
