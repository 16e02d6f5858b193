// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WebSocket of {@code /api/progress/ws} against the real server and the JDK's client. */
final class SocketHubTest {
  @RegisterExtension final Fixtures.Servers open = new Fixtures.Servers();

  private WsClient connect(HttpSink sink, String query) throws Exception {
    WsClient client = new WsClient(sink, query);
    open.add(client);
    return client;
  }

  /** {@code event} as the sink publishes it, rendered with the files the store has now. */
  private static Published published(HttpSink sink, ProgressEvent event) {
    String json = TaskJson.event(event, sink.store()::children);
    return new Published(0, event, () -> json);
  }

  private static HttpSink.Settings withInterval(Duration interval) {
    return Fixtures.settings().interval(interval).build();
  }

  @Test
  void subscribeToOne_getsItsStateFirst_thenOnlyItsEvents() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    sink.onEvent(event(2, "download", Status.STARTING).build());
    WsClient client = connect(sink, "");

    client.send("{\"action\":\"subscribe\",\"task_id\":\"1\"}");
    JsonNode subscribed = client.next();
    assertThat(subscribed.get("event").asText()).isEqualTo("subscribed");
    assertThat(subscribed.get("task_id").asText()).isEqualTo("1");
    JsonNode state = client.next();
    assertThat(state.get("event").asText()).isEqualTo("download.progress");
    assertThat(state.get("task_id").asText()).isEqualTo("1");
    assertThat(state.get("transfer").get("state").asText()).isEqualTo("downloading");

    sink.onEvent(event(2, "download", Status.COMPLETED).build());
    sink.onEvent(event(1, "download", Status.COMPLETED).build());
    JsonNode completed = client.next();
    assertThat(completed.get("event").asText()).isEqualTo("download.completed");
    assertThat(completed.get("task_id").asText()).isEqualTo("1");
    assertThat(completed.get("progress")).isNotNull();
    assertThat(completed.get("timestamp").asText()).isEqualTo("2026-11-27T03:00:00Z");

    client.send("{\"action\":\"subscribe\",\"task_id\":2}");
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
    assertThat(client.next().get("event").asText()).isEqualTo("download.completed");
  }

  @Test
  void subscribeBetweenTheStoreAndThePublish_getsTheEndOnce() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    sink.onEvent(event(2, "download", Status.STARTING).build());
    WsClient client = connect(sink, "");
    // the sink's thread has stored each end and is about to publish it when a subscribe comes in
    ProgressEvent completed = event(1, "download", Status.COMPLETED).build();
    sink.store().put(completed);
    client.send("{\"action\":\"subscribe\",\"task_id\":\"1\"}");
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
    assertThat(client.next().get("event").asText()).isEqualTo("download.completed"); // its state
    sink.sockets().publish(completed, published(sink, completed));

    ProgressEvent progress = event(2, "download", Status.IN_PROGRESS).bytes(5).build();
    sink.store().put(progress);
    client.send("{\"action\":\"subscribe\",\"task_id\":\"2\"}");
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
    assertThat(client.next().get("event").asText()).isEqualTo("download.progress"); // its state
    sink.sockets().publish(progress, published(sink, progress));

    client.send("{\"action\":\"subscribe\",\"task_id\":\"99\"}");
    // neither the end nor the snapshot came a second time: the reply to the last message is next
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
    sink.onEvent(event(2, "download", Status.COMPLETED).build()); // later events still come
    assertThat(client.next().get("event").asText()).isEqualTo("download.completed");
  }

  @Test
  void subscribeAndUnsubscribeOneAtATime_leavesNothingBehindPerTransfer() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    WsClient client = connect(sink, "");
    // a page that follows one transfer at a time, for days: each transfer it left still running
    for (int id = 1; id <= 200; id++) {
      sink.onEvent(event(id, "download", Status.STARTING).build());
      client.send("{\"action\":\"subscribe\",\"task_id\":\"" + id + "\"}");
      assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
      assertThat(client.next().get("event").asText()).isEqualTo("download.progress"); // its state
      sink.onEvent(event(id, "download", Status.IN_PROGRESS).bytes(id).build());
      assertThat(client.next().get("event").asText()).isEqualTo("download.progress");
      client.send("{\"action\":\"unsubscribe\",\"task_id\":\"" + id + "\"}");
      assertThat(client.next().get("event").asText()).isEqualTo("unsubscribed");
    }
    assertThat(sink.sockets().remembered()).isZero();
  }

  @Test
  void subscribeToAll_thenUnsubscribe() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    WsClient client = connect(sink, "");
    client.send("{\"action\":\"subscribe\",\"task_id\":\"*\"}");
    assertThat(client.next().get("task_id").asText()).isEqualTo("*");
    sink.onEvent(event(7, "upload", Status.STARTING).build());
    sink.onEvent(event(8, "copy", Status.STARTING).build());
    assertThat(client.next().get("event").asText()).isEqualTo("upload.started");
    assertThat(client.next().get("event").asText()).isEqualTo("copy.started");

    client.send("{\"action\":\"unsubscribe\",\"task_id\":\"*\"}");
    assertThat(client.next().get("event").asText()).isEqualTo("unsubscribed");
    sink.onEvent(event(7, "upload", Status.COMPLETED).build());
    client.send("{\"action\":\"subscribe\",\"task_id\":\"8\"}");
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
    assertThat(client.next().get("event").asText()).isEqualTo("copy.progress"); // its state
    client.send("{\"action\":\"unsubscribe\",\"task_id\":\"8\"}");
    assertThat(client.next().get("event").asText()).isEqualTo("unsubscribed");
    sink.onEvent(event(8, "copy", Status.COMPLETED).build());
    client.send("{\"action\":\"subscribe\",\"task_id\":\"99\"}");
    // nothing of 7 or 8 came in between: the reply to the last message is next
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
  }

  @Test
  void badMessages_areAnsweredWithAnError_andTheConnectionStays() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    WsClient client = connect(sink, "");
    for (String bad :
        List.of(
            "not json",
            "[1,2]",
            "{\"action\":\"subscribe\"}",
            "{\"action\":\"dance\",\"task_id\":\"1\"}",
            "{\"action\":5,\"task_id\":\"1\"}",
            "{\"action\":\"subscribe\",\"task_id\":{\"a\":1}}",
            "{\"action\":\"subscribe\",\"task_id\":\"-3\"}",
            "{\"action\":\"subscribe\",\"task_id\":\"1\"} {}",
            "{\"action\":\"subscribe\",\"task_id\":\"" + "9".repeat(5000) + "\"}",
            "[".repeat(1000))) {
      client.send(bad);
      JsonNode reply = client.next();
      assertThat(reply.get("event").asText()).as(bad).isEqualTo("error");
      assertThat(reply.get("message").asText()).as(bad).isNotBlank();
    }
    client.send("{\"action\":\"subscribe\",\"task_id\":\"*\",\"extra\":[1,{\"x\":2}]}");
    assertThat(client.next().get("event").asText()).isEqualTo("subscribed");
  }

  @Test
  void aMessageOver16KiB_closesTheConnectionWithAReason() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    WsClient client = connect(sink, "");
    client.send("{\"action\":\"subscribe\",\"task_id\":\"" + "1".repeat(20_000) + "\"}");
    assertThat(client.closeStatus()).startsWith("1009 ").contains("16384");
  }

  @Test
  void progress_isCoalescedPerInterval_lifecycleNeverDropped_orderKept() throws Exception {
    HttpSink sink = open.start(withInterval(Duration.ofMillis(300)));
    WsClient client = connect(sink, "");
    client.send("{\"action\":\"subscribe\",\"task_id\":\"*\"}");
    client.next();
    sink.onEvent(event(1, "download", Status.STARTING).build());
    for (int i = 1; i <= 100; i++) {
      sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(i).build());
    }
    sink.onEvent(event(1, "download", Status.SAVING).bytes(100).build());
    for (int i = 1; i <= 100; i++) {
      sink.onEvent(event(2, "upload", Status.IN_PROGRESS).bytes(i).build());
    }
    sink.onEvent(event(1, "download", Status.COMPLETED).bytes(100).build());

    List<String> got = new ArrayList<>();
    long lastUpload = -1;
    while (lastUpload != 100) {
      JsonNode message = client.next();
      String name = message.get("event").asText();
      got.add(name);
      if (name.startsWith("upload.")) {
        lastUpload = message.get("progress").get("uploaded_bytes").asLong();
      }
    }
    assertThat(got)
        .containsSubsequence("download.started", "download.processing", "download.completed");
    assertThat(got.stream().filter(n -> n.equals("download.progress"))).hasSizeLessThanOrEqualTo(1);
    assertThat(got.stream().filter(n -> n.equals("upload.progress"))).hasSizeBetween(1, 2);
    assertThat(got.indexOf("download.completed")).isGreaterThan(got.indexOf("download.processing"));
  }

  @Test
  void progressTheCorePacedAnIntervalApart_isSentAtOnce_evenWhenTheSinkNotedItsBatchALittleLate()
      throws Exception {
    AtomicLong nanos = new AtomicLong();
    HttpSink sink =
        open.start(
            Fixtures.settings().interval(Duration.ofMillis(250)).nanoTime(nanos::get).build());
    WsClient client = connect(sink, "");
    client.send("{\"action\":\"subscribe\",\"task_id\":\"*\"}");
    client.next();
    sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(1).build());
    sink.flush();
    // the core counted 250 ms between its two batches' starts; the sink noted the first one's
    // start a little after the core did, so it counts a little less
    nanos.set(Duration.ofMillis(250).toNanos() - 300_000);
    sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(2).build());
    sink.flush();
    // the end drops a snapshot still held, so the one held would be missing before the end
    sink.onEvent(event(1, "download", Status.COMPLETED).bytes(3).build());

    List<String> got = new ArrayList<>();
    for (String name = ""; !name.equals("download.completed"); ) {
      JsonNode message = client.next();
      name = message.get("event").asText();
      got.add(name + " " + message.get("progress").get("downloaded_bytes").asLong());
    }
    assertThat(got)
        .containsExactly("download.progress 1", "download.progress 2", "download.completed 3");
  }

  @Test
  void eachCallerGetsOnlyWhatTheyMaySee() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().access(new Fixtures.FakeAccess()).build());
    sink.onEvent(owned(2, "bob", Status.STARTING));
    WsClient alice = connect(sink, "?ticket=ticket-alice");
    alice.send("{\"action\":\"subscribe\",\"task_id\":\"2\"}");
    assertThat(alice.next().get("event").asText()).isEqualTo("subscribed"); // no state of bob's
    alice.send("{\"action\":\"subscribe\",\"task_id\":\"*\"}");
    alice.next();
    sink.onEvent(owned(2, "bob", Status.COMPLETED));
    sink.onEvent(owned(3, "alice", Status.STARTING));
    assertThat(alice.next().get("task_id").asText()).isEqualTo("3");
  }

  @Test
  void aClientThatStopsReading_isClosed_withBoundedMemory() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    URI uri = URI.create(sink.url());
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/progress/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 101");
      for (int matched = 0; matched < 4; ) { // the rest of the response's head
        int b = in.read();
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
      }
      out.write(maskedText("{\"action\":\"subscribe\",\"task_id\":\"*\"}"));
      byte[] head = in.readNBytes(2); // the reply: a short unmasked text frame
      String reply = new String(in.readNBytes(head[1]), StandardCharsets.UTF_8);
      assertThat(reply).contains("subscribed");
      Fixtures.flood(sink, sink.sockets()::clients, sink.sockets()::unsent);
      Fixtures.await("disconnected", () -> sink.sockets().clients() == 0);
      Fixtures.readToEnd(in);
    }
  }

  /**
   * A client's text frame: final, masked (with a zero mask, which leaves the bytes as they are).
   */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }

  @Test
  void close_closesEveryConnectionWith1001() throws Exception {
    HttpSink sink = HttpSink.start(Fixtures.settings().build());
    WsClient client = new WsClient(sink, "");
    open.add(client);
    client.send("{\"action\":\"subscribe\",\"task_id\":\"*\"}");
    client.next();
    sink.close();
    assertThat(client.closeStatus()).startsWith("1001 ");
  }
}
