// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client of {@link HttpLoad} on {@code /api/progress/ws}, subscribed to every transfer
 * ({@code "*"}). Ready once the server answered {@code subscribed}.
 */
final class WsLoadClient extends LoadClient implements WebSocket.Listener {
  private final StringBuilder text = new StringBuilder();
  private long arrival = -1;
  private volatile @Nullable WebSocket socket;

  /** Opens the connection; its failure is recorded as the client's loss. */
  void connect(HttpClient http, URI uri) {
    http.newWebSocketBuilder()
        .buildAsync(uri, this)
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                lost(failure.toString());
              }
            });
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.sendText("{\"action\":\"subscribe\",\"task_id\":\"*\"}", true);
    webSocket.request(1);
  }

  @Override
  public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
    if (arrival < 0) {
      arrival = nowMicros();
    }
    text.append(part);
    if (last) {
      onMessage(text.toString(), arrival);
      text.setLength(0);
      arrival = -1;
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
    lost("closed by the server: " + code + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    lost(error.toString());
  }

  @Override
  void stop() {
    super.stop();
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
  }
}
