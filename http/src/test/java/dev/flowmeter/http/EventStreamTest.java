// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.json;
import static dev.flowmeter.http.Fixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Server-Sent Events of {@code /api/progress/stream} against the real server. */
final class EventStreamTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  private HttpSink start(HttpSink.Settings settings) throws IOException {
    HttpSink sink = HttpSink.start(settings);
    open.add(0, sink::close);
    return sink;
  }

  private SseClient connect(HttpSink sink, String path, String... headers) throws IOException {
    SseClient client = new SseClient(sink, path, headers);
    open.add(0, client);
    assertThat(client.status).isEqualTo(200);
    return client;
  }

  private static HttpSink.Settings withHeartbeat(Duration heartbeat) {
    HttpSink.Settings d = Fixtures.settings();
    return new HttpSink.Settings(
        d.host(),
        0,
        d.interval(),
        d.retention(),
        heartbeat,
        d.ticketTtl(),
        d.access(),
        d.transfers(),
        d.clock());
  }

  private static void awaitClients(HttpSink sink, int count) throws InterruptedException {
    for (int i = 0; i < 1000 && sink.stream().clients() != count; i++) {
      Thread.sleep(10);
    }
    assertThat(sink.stream().clients()).isEqualTo(count);
  }

  @Test
  void connect_getsASnapshot_thenEveryEventWithIncreasingIds() throws Exception {
    HttpSink sink = start(Fixtures.settings());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    SseClient client = connect(sink, "/api/progress/stream");

    SseClient.Message snapshot = client.next();
    assertThat(snapshot.event()).isEqualTo("snapshot");
    assertThat(json(snapshot.data()).get("transfers").get(0).get("task_id").asText())
        .isEqualTo("1");

    sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(10).totalBytes(100).build());
    sink.onEvent(event(1, "download", Status.COMPLETED).bytes(100).totalBytes(100).build());
    SseClient.Message progress = client.next();
    SseClient.Message completed = client.next();
    assertThat(progress.event()).isEqualTo("download.progress");
    assertThat(completed.event()).isEqualTo("download.completed");
    assertThat(Long.parseLong(progress.id())).isGreaterThan(Long.parseLong(snapshot.id()));
    assertThat(Long.parseLong(completed.id())).isEqualTo(Long.parseLong(progress.id()) + 1);
    JsonNode data = json(progress.data());
    assertThat(data.get("event").asText()).isEqualTo("download.progress");
    assertThat(data.get("task_id").asText()).isEqualTo("1");
    assertThat(data.get("progress").get("percentage").asDouble()).isEqualTo(10.0);
    assertThat(data.get("transfer").get("state").asText()).isEqualTo("downloading");
  }

  @Test
  void lastEventId_replaysExactlyTheMissedEvents() throws Exception {
    HttpSink sink = start(Fixtures.settings());
    SseClient first = connect(sink, "/api/progress/stream");
    first.next(); // snapshot
    sink.onEvent(event(1, "upload", Status.STARTING).build());
    sink.onEvent(event(1, "upload", Status.IN_PROGRESS).bytes(1).build());
    String seen = first.next().id();
    assertThat(first.next().id()).isEqualTo(Long.toString(Long.parseLong(seen) + 1));
    String last = Long.toString(Long.parseLong(seen) + 1);
    first.close();

    sink.onEvent(event(1, "upload", Status.IN_PROGRESS).bytes(2).build());
    sink.onEvent(event(2, "upload", Status.STARTING).build());
    SseClient again = connect(sink, "/api/progress/stream", "Last-Event-ID", last);
    SseClient.Message missed1 = again.next();
    SseClient.Message missed2 = again.next();
    assertThat(missed1.event()).isEqualTo("upload.progress");
    assertThat(json(missed1.data()).get("progress").get("uploaded_bytes").asLong()).isEqualTo(2);
    assertThat(missed2.event()).isEqualTo("upload.started");
    assertThat(json(missed2.data()).get("task_id").asText()).isEqualTo("2");
    sink.onEvent(event(2, "upload", Status.COMPLETED).build());
    assertThat(again.next().event()).isEqualTo("upload.completed"); // nothing else in between
  }

  @Test
  void unknownOrTooOldLastEventId_getsASnapshot() throws Exception {
    HttpSink sink = start(Fixtures.settings());
    sink.onEvent(event(1, "upload", Status.STARTING).build());
    for (String id : List.of("5", "not-a-number", "99999999999999999")) {
      SseClient client = connect(sink, "/api/progress/stream", "Last-Event-ID", id);
      SseClient.Message message = client.next();
      assertThat(message.event()).as(id).isEqualTo("snapshot");
      assertThat(json(message.data()).get("transfers")).as(id).hasSize(1);
    }
  }

  @Test
  void heartbeat_isACommentOnAnIdleStream() throws Exception {
    HttpSink sink = start(withHeartbeat(Duration.ofMillis(100)));
    SseClient client = connect(sink, "/api/progress/stream");
    assertThat(client.nextOrComment().event()).isEqualTo("snapshot");
    SseClient.Message heartbeat = client.nextOrComment();
    assertThat(heartbeat.comment()).isTrue();
    assertThat(heartbeat.data()).startsWith(":");
  }

  @Test
  void eachCallerGetsOnlyWhatTheyMaySee() throws Exception {
    HttpSink.Settings d = Fixtures.settings();
    HttpSink sink =
        start(
            new HttpSink.Settings(
                d.host(),
                0,
                d.interval(),
                d.retention(),
                d.heartbeat(),
                d.ticketTtl(),
                new Fixtures.TokenAccess(),
                d.transfers(),
                d.clock()));
    sink.onEvent(owned(1, "alice", Status.STARTING));
    sink.onEvent(owned(2, "bob", Status.STARTING));
    assertThat(new SseClient(sink, "/api/progress/stream").status).isEqualTo(401);
    SseClient alice = connect(sink, "/api/progress/stream?ticket=ticket-alice");
    assertThat(json(alice.next().data()).get("transfers")).hasSize(1);
    sink.onEvent(owned(2, "bob", Status.COMPLETED));
    sink.onEvent(owned(1, "alice", Status.COMPLETED));
    assertThat(json(alice.next().data()).get("task_id").asText()).isEqualTo("1");
  }

  @Test
  void aClientThatStopsReading_isDisconnected_withBoundedMemory() throws Exception {
    HttpSink sink = start(Fixtures.settings());
    URI uri = URI.create(sink.url());
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(
          new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort()));
      socket
          .getOutputStream()
          .write("GET /api/progress/stream HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      awaitClients(sink, 1);
      String name = "x".repeat(2000);
      for (int i = 0; i < 20_000 && sink.stream().clients() > 0; i++) {
        sink.onEvent(event(i + 1, "upload", Status.STARTING).name(name).build());
        assertThat(sink.stream().unsent()).isLessThanOrEqualTo(HttpSink.MAX_UNSENT);
      }
      awaitClients(sink, 0);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      while (in.read(buffer) >= 0) {
        // the server closed the connection: reading reaches its end
      }
    }
  }
}
