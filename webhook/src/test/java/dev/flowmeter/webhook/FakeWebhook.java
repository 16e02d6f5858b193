// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A webhook on 127.0.0.1 that answers as the real services do: Discord creates a message on {@code
 * POST <webhook>?wait=true} and answers with it and its {@code id}, edits it on {@code PATCH
 * <webhook>/messages/<id>} (404 for an unknown id); Slack answers {@code ok}; a plain JSON hook
 * answers 204. Answers can be scripted ahead of the service's own: a 429 with its headers, a 500,
 * or a hang (the request is held, never answered, until {@link #close()}).
 */
final class FakeWebhook implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DISCORD_PATH = "/api/webhooks/112233445566/Tok-SECRET-aaaabbbbccccdddd";
  static final String SLACK_PATH = "/services/T0001/B0002/SlackSecretXyzXyzXyz";

  /** A request the server received. */
  record Request(String method, String path, @Nullable String query, String body, long nanos) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A scripted answer; {@code status} 0 means hang. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer hang() {
      return new Answer(0, "", Map.of());
    }

    static Answer status(int status) {
      return new Answer(status, "", Map.of());
    }

    static Answer tooMany(String retryAfter) {
      return new Answer(
          429,
          "{\"message\":\"You are being rate limited.\",\"retry_after\":"
              + retryAfter
              + ",\"global\":false}",
          Map.of("Retry-After", retryAfter));
    }
  }

  private final String service;
  private final String path;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger ids = new AtomicInteger(900_000);
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private volatile Map<String, String> headers = Map.of();
  private volatile long answerDelayMillis;

  private FakeWebhook(String service, String path) throws IOException {
    this.service = service;
    this.path = path;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeWebhook discord() throws IOException {
    return new FakeWebhook("discord", DISCORD_PATH);
  }

  static FakeWebhook slack() throws IOException {
    return new FakeWebhook("slack", SLACK_PATH);
  }

  static FakeWebhook json() throws IOException {
    return new FakeWebhook("json", "/hooks/progress");
  }

  /** The webhook's URL, secret included. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers given before the service's own, in order. */
  synchronized FakeWebhook then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Every answer comes {@code millis} after its request: a slow service. */
  FakeWebhook slow(long millis) {
    answerDelayMillis = millis;
    return this;
  }

  /** Headers added to every answer of the service's own (Discord's bucket headers, say). */
  void alwaysHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits up to 10 s for {@code n} requests; returns them. */
  List<Request> await(int n) throws InterruptedException {
    return await(r -> r.size() >= n);
  }

  List<Request> await(Predicate<List<Request>> done) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.test(requests()) && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    List<Request> seen = requests();
    if (!done.test(seen)) {
      throw new AssertionError("the webhook did not get what was awaited; it got " + seen);
    }
    return seen;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            body,
            System.nanoTime());
    Answer answer;
    synchronized (this) {
      answer = script.poll(); // before the request is seen: a test scripts what follows it
    }
    requests.add(request);
    if (answer == null) {
      answer = serviceAnswer(request);
    }
    if (answerDelayMillis > 0) {
      try {
        Thread.sleep(answerDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (answer.status() == 0) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private Answer serviceAnswer(Request request) {
    if (!request.path().startsWith(path)) {
      return new Answer(404, "{\"message\":\"Unknown Webhook\",\"code\":10015}", Map.of());
    }
    switch (service) {
      case "slack":
        return new Answer(200, "ok", headers);
      case "json":
        return new Answer(204, "", headers);
      default:
        return discordAnswer(request);
    }
  }

  private Answer discordAnswer(Request request) {
    String rest = request.path().substring(path.length());
    if (request.method().equals("POST") && rest.isEmpty()) {
      boolean wait = request.query() != null && request.query().contains("wait=true");
      if (!wait) {
        return new Answer(204, "", headers);
      }
      String id = String.valueOf(ids.incrementAndGet());
      messages.add(id);
      return new Answer(200, message(id, request.body()), headers);
    }
    if (request.method().equals("PATCH") && rest.startsWith("/messages/")) {
      String id = rest.substring("/messages/".length());
      if (!messages.contains(id)) {
        return new Answer(404, "{\"message\":\"Unknown Message\",\"code\":10008}", Map.of());
      }
      return new Answer(200, message(id, request.body()), headers);
    }
    return new Answer(405, "{\"message\":\"405: Method Not Allowed\",\"code\":0}", Map.of());
  }

  /**
   * A message as Discord returns it: the id first among nested objects holding ids of their own.
   */
  private static String message(String id, String body) {
    return "{\"type\":0,\"channel_id\":\"445566\",\"author\":{\"id\":\"112233445566\",\"bot\":true},"
        + "\"embeds\":"
        + embeds(body)
        + ",\"id\":\""
        + id
        + "\",\"webhook_id\":\"112233445566\"}";
  }

  private static String embeds(String body) {
    try {
      JsonNode embeds = JSON.readTree(body).get("embeds");
      return embeds == null ? "[]" : embeds.toString();
    } catch (IOException e) {
      return "[]";
    }
  }

  /** Forgets a message, as when someone deleted it in the channel. */
  void deleteMessages() {
    messages.clear();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
