// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.json;
import static dev.flowmeter.http.Fixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
  void aClientConnectingWhileAnEventIsStored_getsItOnce_inItsSnapshotOrAfter() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    ProgressEvent end = event(1, "download", Status.COMPLETED).bytes(100).totalBytes(100).build();
    CompletableFuture<SseClient> connected = new CompletableFuture<>();
    sink.stream()
        .publish(
            end,
            () -> {
              sink.store().put(end);
              // the server answers the request, then registers the client on its I/O thread;
              // connected on a thread of its own, as the answer may wait for the registration
              Thread connecting =
                  new Thread(
                      () -> {
                        try {
                          connected.complete(connect(sink, "/api/progress/stream"));
                        } catch (IOException | RuntimeException e) {
                          connected.completeExceptionally(e);
                        }
                      });
              connecting.start();
              // until the server's I/O thread waits for the lock this thread holds (or, were the
              // store outside the lock, until the client is registered)
              try {
                Fixtures.await(
                    "the I/O thread registering the client waits for the stream's lock",
                    () -> waitsForALockOf(Thread.currentThread()) || sink.stream().clients() == 1);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              String json = TaskJson.event(end, sink.store()::children);
              return () -> json;
            });
    SseClient client = connected.get(10, TimeUnit.SECONDS);
    Fixtures.await("registered", () -> sink.stream().clients() == 1);
    sink.onEvent(event(2, "upload", Status.STARTING).build()); // a last event, to know the end

    List<String> got = new ArrayList<>();
    for (String name = ""; !name.equals("upload.started"); ) {
      SseClient.Message message = client.next();
      name = message.name();
      if (name.equals("snapshot")) {
        JsonNode transfer = json(message.data()).get("transfers").get(0);
        got.add("snapshot " + transfer.get("state").asText());
      } else {
        got.add(name);
      }
    }
    assertThat(got).containsAnyOf("snapshot completed", "download.completed");
    assertThat(got).doesNotContain("snapshot downloading", "snapshot pending");
    assertThat(got).hasSize(2); // the end once, then the upload
  }

  /** Whether a thread of the server is blocked on a monitor {@code owner} holds. */
  private static boolean waitsForALockOf(Thread owner) {
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().getThreadInfo(allThreadIds(), 0)) {
      if (info != null
          && info.getThreadState() == Thread.State.BLOCKED
          && info.getLockOwnerId() == owner.getId()
          && info.getThreadName().contains("I/O")) {
        return true;
      }
    }
    return false;
  }

  private static long[] allThreadIds() {
    return ManagementFactory.getThreadMXBean().getAllThreadIds();
  }

  @Test
  void connect_getsASnapshot_thenEveryEventWithIncreasingIds() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    SseClient client = connect(sink, "/api/progress/stream");

    SseClient.Message snapshot = client.next();
    assertThat(snapshot.event()).isNull(); // unnamed: EventSource.onmessage gets it
    assertThat(snapshot.name()).isEqualTo("snapshot");
    assertThat(json(snapshot.data()).get("transfers").get(0).get("task_id").asText())
        .isEqualTo("1");

    sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(10).totalBytes(100).build());
    sink.onEvent(event(1, "download", Status.COMPLETED).bytes(100).totalBytes(100).build());
    SseClient.Message progress = client.next();
    SseClient.Message completed = client.next();
    assertThat(progress.event()).isNull();
    assertThat(completed.event()).isNull();
    assertThat(progress.name()).isEqualTo("download.progress");
    assertThat(completed.name()).isEqualTo("download.completed");
    assertThat(Long.parseLong(progress.id())).isGreaterThan(Long.parseLong(snapshot.id()));
    assertThat(Long.parseLong(completed.id())).isEqualTo(Long.parseLong(progress.id()) + 1);
    JsonNode data = json(progress.data());
    assertThat(data.get("event").asText()).isEqualTo("download.progress");
    assertThat(data.get("task_id").asText()).isEqualTo("1");
    assertThat(data.get("progress").get("percentage").asDouble()).isEqualTo(10.0);
    assertThat(data.get("transfer").get("state").asText()).isEqualTo("downloading");
  }

  @Test
  void eventsNobodyWatches_areNotRendered_untilAReplayAsks() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "upload", Status.STARTING).build());
    sink.onEvent(event(1, "upload", Status.IN_PROGRESS).bytes(1).build());
    assertThat(sink.stream().last().rendered()).isFalse(); // rendered if a replay asks for it
    sink.onEvent(event(2, "upload", Status.STARTING).kind(Kind.GROUP).files(0, 3).build());
    // its files change after this: rendered at once, as they are now
    assertThat(sink.stream().last().json()).contains("\"total_files\":3");
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
    assertThat(missed1.name()).isEqualTo("upload.progress");
    assertThat(json(missed1.data()).get("progress").get("uploaded_bytes").asLong()).isEqualTo(2);
    assertThat(missed2.name()).isEqualTo("upload.started");
    assertThat(json(missed2.data()).get("task_id").asText()).isEqualTo("2");
    sink.onEvent(event(2, "upload", Status.COMPLETED).build());
    assertThat(again.next().name()).isEqualTo("upload.completed"); // nothing else in between
  }

  @Test
  void aHostileOperationWord_staysInsideItsMessage() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    SseClient client = connect(sink, "/api/progress/stream");
    client.next(); // snapshot
    String hostile = "up\nevent: x\r\ndata: {}\n\n<script>alert(1)</script>";
    sink.onEvent(event(1, hostile, Status.STARTING).build());
    sink.onEvent(event(1, hostile, Status.COMPLETED).build());

    SseClient.Message started = client.next();
    SseClient.Message completed = client.next();
    assertThat(started.event()).isNull();
    assertThat(started.name()).matches("[A-Za-z0-9_-]+\\.started");
    assertThat(json(started.data()).get("transfer").get("operation").asText()).isEqualTo(hostile);
    assertThat(completed.name()).endsWith(".completed");
    assertThat(Long.parseLong(completed.id())).isEqualTo(Long.parseLong(started.id()) + 1);
  }

  @Test
  void unknownOrTooOldLastEventId_getsASnapshot() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "upload", Status.STARTING).build());
    for (String id : List.of("5", "not-a-number", "99999999999999999")) {
      SseClient client = connect(sink, "/api/progress/stream", "Last-Event-ID", id);
      SseClient.Message message = client.next();
      assertThat(message.name()).as(id).isEqualTo("snapshot");
      assertThat(json(message.data()).get("transfers")).as(id).hasSize(1);
    }
  }

  @Test
  void heartbeat_isACommentOnAnIdleStream() throws Exception {
    HttpSink sink = open.start(withHeartbeat(Duration.ofMillis(100)));
    SseClient client = connect(sink, "/api/progress/stream");
    assertThat(client.nextOrComment().name()).isEqualTo("snapshot");
    SseClient.Message heartbeat = client.nextOrComment();
    assertThat(heartbeat.comment()).isTrue();
    assertThat(heartbeat.data()).startsWith(":");
  }

  @Test
  void eachCallerGetsOnlyWhatTheyMaySee() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().access(new Fixtures.FakeAccess()).build());
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
    assertThat(client.next().name()).isEqualTo("snapshot");
    sink.close();
    SseClient.Message last = client.nextOrComment();
    while (!last.data().equals("<end>")) {
      last = client.nextOrComment();
    }
    assertThat(sink.stream().clients()).isZero();
  }
}
