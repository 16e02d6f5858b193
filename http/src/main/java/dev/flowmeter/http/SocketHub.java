// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.xnio.IoUtils;

/**
 * The WebSocket of {@code /api/progress/ws}: reads each client's {@code subscribe} and {@code
 * unsubscribe} messages and hands every event to every client ({@link SocketClient} decides what it
 * sends).
 *
 * <p>A message that is not one the protocol knows is answered with {@code {"event":"error",...}}
 * and the connection stays; a message over {@value #MAX_MESSAGE} bytes closes the connection with
 * code 1009 (message too big).
 */
final class SocketHub implements WebSocketConnectionCallback {
  static final int MAX_MESSAGE = 16 * 1024;

  private final TransferStore store;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private boolean inBatch; // the sink thread's own, as batchNanos
  private long batchNanos;
  private final int maxUnsent;
  private final long maxUnsentChars;
  private final Map<WebSocketChannel, SocketClient> clients = new ConcurrentHashMap<>();

  SocketHub(
      TransferStore store,
      Duration interval,
      LongSupplier nanoTime,
      int maxUnsent,
      long maxUnsentChars) {
    this.store = store;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.maxUnsent = maxUnsent;
    this.maxUnsentChars = maxUnsentChars;
  }

  @Override
  public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    Caller caller = exchange.getAttachment(AccessHandler.CALLER);
    if (caller == null) {
      IoUtils.safeClose(channel);
      return;
    }
    SocketClient client =
        new SocketClient(channel, caller, intervalNanos, nanoTime, maxUnsent, maxUnsentChars);
    clients.put(channel, client);
    channel.addCloseTask(closed -> clients.remove(closed));
    channel.getReceiveSetter().set(new Receiver(client));
    channel.resumeReceives();
  }

  /**
   * Notes that the sink's batch began, at its first event (later calls until {@link #endBatch()} do
   * nothing): the core delivers a transfer's progress to the sink at most once per interval,
   * counted between the starts of its batches, so a client counting the same way is never held for
   * the time a batch takes. The sink calls it before any work on the event, so that the time noted
   * is the core's within microseconds. Called on the sink's thread only, as the others are.
   */
  void beginBatch() {
    if (!inBatch) {
      inBatch = true;
      batchNanos = nanoTime.getAsLong();
    }
  }

  /** Hands {@code event} to every client, with its batch's start; rendered only if there is one. */
  void publish(ProgressEvent event, Published published) {
    beginBatch();
    for (SocketClient client : clients.values()) {
      client.offer(event, published.json(), batchNanos);
    }
  }

  /** The sink's batch ended (its flush). */
  void endBatch() {
    inBatch = false;
  }

  /** How many clients are connected. */
  int clients() {
    return clients.size();
  }

  /** Messages handed to the sockets of all clients and not yet written. */
  long unsent() {
    long unsent = 0;
    for (SocketClient client : clients.values()) {
      unsent += client.unsent();
    }
    return unsent;
  }

  /** What all clients keep per transfer, in entries; for tests. */
  long remembered() {
    long remembered = 0;
    for (SocketClient client : clients.values()) {
      remembered += client.remembered();
    }
    return remembered;
  }

  /** Closes every connection with 1001 (going away), waiting at most {@code timeout} for them. */
  void closeAll(Duration timeout) {
    CountDownLatch closed = new CountDownLatch(clients.size());
    for (Map.Entry<WebSocketChannel, SocketClient> entry : clients.entrySet()) {
      entry.getKey().addCloseTask(channel -> closed.countDown());
      entry.getValue().close(1001, "the server is stopping");
    }
    try {
      closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(SocketClient client, String text) {
    ClientMessage message;
    try {
      message = ClientMessage.parse(text);
    } catch (ClientMessage.Refused e) {
      client.send(TaskJson.errorReply(String.valueOf(e.getMessage())));
      return;
    }
    if (!message.subscribe()) {
      client.unsubscribe(message);
      client.send(TaskJson.reply("unsubscribed", message.taskId()));
      return;
    }
    synchronized (client) { // no event of the task may pass between its state and the reply
      if (!client.subscribe(message)) {
        client.send(TaskJson.errorReply("too many subscriptions on one connection"));
        return;
      }
      client.send(TaskJson.reply("subscribed", message.taskId()));
      if (!message.all()) {
        Optional<ProgressEvent> now =
            store.find(Api.id(message.taskId())).filter(client.caller()::maySee);
        now.ifPresent(
            event -> {
              client.replayed(event);
              client.send(TaskJson.event(current(event), store::children));
            });
      }
    }
  }

  /** The stored state of a transfer as an event: its final event, else a progress snapshot. */
  private static ProgressEvent current(ProgressEvent event) {
    return event.isFinal() ? event : event.toBuilder().lifecycle(false).build();
  }

  private final class Receiver extends AbstractReceiveListener {
    private final SocketClient client;

    Receiver(SocketClient client) {
      this.client = client;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frames) {
      BufferedTextMessage message = new BufferedTextMessage(MAX_MESSAGE, true);
      message.read(
          frames,
          new WebSocketCallback<BufferedTextMessage>() {
            @Override
            public void complete(WebSocketChannel channel, BufferedTextMessage context) {
              handle(client, context.getData());
            }

            @Override
            public void onError(
                WebSocketChannel channel, BufferedTextMessage context, Throwable throwable) {
              // the one error of a buffered read on a live channel: the message is too big; the
              // library says so itself in its close frame (1009, with the limit) when it can
              if (!channel.isCloseFrameSent()) {
                client.close(1009, "message too big: the limit is " + MAX_MESSAGE + " bytes");
              }
            }
          });
    }

    @Override
    protected long getMaxBinaryBufferSize() {
      return MAX_MESSAGE;
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      message.getData().free();
      client.send(TaskJson.errorReply("binary messages are not accepted; send JSON text"));
    }
  }
}
