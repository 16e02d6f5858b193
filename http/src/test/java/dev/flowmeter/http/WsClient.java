// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A client of {@code /api/progress/ws} on the JDK's WebSocket: collects messages and the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final WebSocket socket;

  WsClient(HttpSink sink, String query) throws Exception {
    URI uri = URI.create(sink.url().replace("http://", "ws://") + "api/progress/ws" + query);
    socket = Fixtures.client.newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  /** The next message as JSON; fails after 10 s. */
  JsonNode next() throws Exception {
    String message = messages.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 10 s");
    }
    return Fixtures.json(message);
  }

  /** The next message if one arrives within {@code millis}. */
  @Nullable JsonNode poll(long millis) throws Exception {
    String message = messages.poll(millis, TimeUnit.MILLISECONDS);
    return message == null ? null : Fixtures.json(message);
  }

  /** The close code and reason, {@code "1001 reason"}; fails after 10 s. */
  String closeStatus() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete("error " + error);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
