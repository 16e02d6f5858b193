// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.json;
import static dev.flowmeter.http.Fixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Server-Sent Events of {@code /api/progress/stream} against the real server. */
final class EventStreamTest {
  @RegisterExtension final Fixtures.Servers open = new Fixtures.Servers();

  private SseClient connect(HttpSink sink, String path, String... headers) throws IOException {
    SseClient client = new SseClient(sink, path, headers);
    open.add(client);
    assertThat(client.status).isEqualTo(200);
    return client;
  }

  private static HttpSink.Settings withHeartbeat(Duration heartbeat) {
    return Fixtures.settings().heartbeat(heartbeat).build();
  }

  @Test
  void connect_getsASnapshot_thenEveryEventWithIncreasingIds() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
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
    HttpSink sink = open.start(Fixtures.settings().build());
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
    HttpSink sink = open.start(Fixtures.settings().build());
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
    HttpSink sink = open.start(withHeartbeat(Duration.ofMillis(100)));
    SseClient client = connect(sink, "/api/progress/stream");
    assertThat(client.nextOrComment().event()).isEqualTo("snapshot");
    SseClient.Message heartbeat = client.nextOrComment();
    assertThat(heartbeat.comment()).isTrue();
    assertThat(heartbeat.data()).startsWith(":");
  }

  @Test
  void eachCallerGetsOnlyWhatTheyMaySee() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().access(new Fixtures.TokenAccess()).build());
    sink.onEvent(owned(1, "alice", Status.STARTING));
    sink.onEvent(owned(2, "bob", Status.STARTING));
    assertThat(new SseClient(sink, "/api/progress/stream").status).isEqualTo(401);
    SseClient alice = connect(sink, "/api/progress/stream?ticket=ticket-alice");
    assertThat(json(alice.next().data()).get("transfers")).hasSize(1);
    sink.onEvent(owned(2, "bob", Status.COMPLETED));
    sink.onEvent(owned(1, "alice", Status.COMPLETED));
    assertThat(json(alice.next().data()).get("task_id").asText()).isEqualTo("1");
  }

  /** A client of the stream with a small receive buffer, which reads only when the test does. */
  private static Socket slowReader(HttpSink sink) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    int port = URI.create(sink.url()).getPort();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket
        .getOutputStream()
        .write("GET /api/progress/stream HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Fixtures.await("connected", () -> sink.stream().clients() == 1);
    return socket;
  }

  @Test
  void aClientThatStopsReading_isDisconnected_withBoundedMemory() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    try (Socket socket = slowReader(sink)) {
      Fixtures.flood(sink, sink.stream()::clients, sink.stream()::unsent);
      Fixtures.await("disconnected", () -> sink.stream().clients() == 0);
      Fixtures.readToEnd(socket.getInputStream());
    }
  }

  @Test
  void aClientBehind_getsTheLatestProgressOfEachTransfer_andStays() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    try (Socket socket = slowReader(sink)) {
      String name = "x".repeat(2000);
      for (int bytes = 1; bytes <= 3000; bytes++) {
        for (long id = 1; id <= 3; id++) {
          sink.onEvent(event(id, "upload", Status.IN_PROGRESS).name(name).bytes(bytes).build());
        }
      }
      assertThat(sink.stream().clients()).isEqualTo(1);
      assertThat(sink.stream().unsent()).isLessThanOrEqualTo(EventStream.PROGRESS_WINDOW);

      Map<String, Long> latest = new HashMap<>(Map.of("1", 0L, "2", 0L, "3", 0L));
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      while (latest.values().stream().anyMatch(bytes -> bytes < 3000)) {
        String line = in.readLine();
        if (line.startsWith("data:{\"event\":\"upload.progress\"")) {
          JsonNode data = json(line.substring(5));
          latest.put(
              data.get("task_id").asText(), data.get("progress").get("uploaded_bytes").asLong());
        }
      }
      assertThat(latest).containsOnly(entry("1", 3000L), entry("2", 3000L), entry("3", 3000L));
    }
  }

  @Test
  void close_endsEveryStream() throws Exception {
    HttpSink sink = HttpSink.start(Fixtures.settings().build());
    SseClient client = connect(sink, "/api/progress/stream");
    assertThat(client.next().event()).isEqualTo("snapshot");
    sink.close();
    SseClient.Message last = client.nextOrComment();
    while (!last.data().equals("<end>")) {
      last = client.nextOrComment();
    }
    assertThat(sink.stream().clients()).isZero();
  }
}
