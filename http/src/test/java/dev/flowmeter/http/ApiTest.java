// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.get;
import static dev.flowmeter.http.Fixtures.json;
import static dev.flowmeter.http.Fixtures.owned;
import static dev.flowmeter.http.Fixtures.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.io.CountingStreams;
import dev.flowmeter.sink.LiveTransfers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST endpoints against the real server. */
final class ApiTest {
  @RegisterExtension final Fixtures.Servers open = new Fixtures.Servers();

  private HttpSink openSink() throws IOException {
    HttpSink sink = open.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.STARTING).build());
    sink.onEvent(event(2, "upload", Status.IN_PROGRESS).bytes(5).build());
    sink.onEvent(event(3, "download", Status.COMPLETED).build());
    sink.onEvent(
        event(4, "copy", Status.FAILED)
            .parentId(1)
            .errorType("java.net.SocketTimeoutException")
            .build());
    sink.onEvent(event(5, "download", Status.SAVING).parentId(1).build());
    sink.flush();
    return sink;
  }

  private static List<String> ids(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode transfer : json(response.body()).get("transfers")) {
      ids.add(transfer.get("task_id").asText());
    }
    return ids;
  }

  @Test
  void list_everyTransferOrderedById() throws Exception {
    HttpSink sink = openSink();
    HttpResponse<String> response = get(sink, "/api/progress");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(ids(response)).containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void list_filtersByStatusOperationAndParent() throws Exception {
    HttpSink sink = openSink();
    assertThat(ids(get(sink, "/api/progress?status=downloading"))).containsExactly("1");
    assertThat(ids(get(sink, "/api/progress?status=uploading"))).containsExactly("2");
    assertThat(ids(get(sink, "/api/progress?status=processing"))).containsExactly("5");
    assertThat(ids(get(sink, "/api/progress?status=completed"))).containsExactly("3");
    assertThat(ids(get(sink, "/api/progress?status=failed"))).containsExactly("4");
    assertThat(ids(get(sink, "/api/progress?status=active"))).containsExactly("1", "2", "5");
    assertThat(ids(get(sink, "/api/progress?status=finished"))).containsExactly("3", "4");
    assertThat(ids(get(sink, "/api/progress?operation=download"))).containsExactly("1", "3", "5");
    assertThat(ids(get(sink, "/api/progress?parent=1"))).containsExactly("4", "5");
    assertThat(ids(get(sink, "/api/progress?parent=1&status=active&operation=download")))
        .containsExactly("5");
  }

  @Test
  void list_refusesAnUnknownFilterValue() throws Exception {
    HttpSink sink = openSink();
    HttpResponse<String> status = get(sink, "/api/progress?status=running");
    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(json(status.body()).get("error").asText())
        .contains("running")
        .contains("downloading");
    assertThat(get(sink, "/api/progress?parent=x").statusCode()).isEqualTo(400);
  }

  @Test
  void one_isTheTransfer_orA404() throws Exception {
    HttpSink sink = openSink();
    HttpResponse<String> response = get(sink, "/api/progress/4");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = json(response.body());
    assertThat(json.get("task_id").asText()).isEqualTo("4");
    assertThat(json.get("error").get("type").asText()).isEqualTo("timeout");
    for (String path :
        List.of("/api/progress/99", "/api/progress/x", "/api/progress/-1", "/api/nothing")) {
      HttpResponse<String> missing = get(sink, path);
      assertThat(missing.statusCode()).as(path).isEqualTo(404);
      assertThat(missing.body()).as(path).isEqualTo("{\"error\":\"not found\"}");
    }
    assertThat(post(sink, "/api/progress/4").statusCode()).isEqualTo(405);
    assertThat(post(sink, "/api/progress").statusCode()).isEqualTo(405);
  }

  @Test
  void access_401WithoutAToken_andEachUserSeesOnlyTheirOwn() throws Exception {
    HttpSink sink = open.start(Fixtures.settings().access(new Fixtures.TokenAccess()).build());
    sink.onEvent(owned(1, "alice", Status.STARTING));
    sink.onEvent(owned(2, "bob", Status.STARTING));

    for (String path :
        List.of("/api/progress", "/api/progress/1", "/api/progress/stream", "/api/nothing")) {
      HttpResponse<String> response = get(sink, path);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer");
    }
    assertThat(get(sink, "/api/progress", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(ids(get(sink, "/api/progress", "Authorization", "Bearer alice-token")))
        .containsExactly("1");
    assertThat(ids(get(sink, "/api/progress", "Authorization", "Bearer root-token")))
        .containsExactly("1", "2");

    HttpResponse<String> others =
        get(sink, "/api/progress/2", "Authorization", "Bearer alice-token");
    HttpResponse<String> missing =
        get(sink, "/api/progress/3", "Authorization", "Bearer alice-token");
    assertThat(others.statusCode()).isEqualTo(404);
    assertThat(others.body()).isEqualTo(missing.body());
    assertThat(
            post(sink, "/api/progress/2/cancel", "Authorization", "Bearer alice-token")
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> ticket = post(sink, "/api/tickets", "Authorization", "Bearer bob-token");
    assertThat(ticket.statusCode()).isEqualTo(200);
    assertThat(json(ticket.body()).get("ticket").asText()).isEqualTo("ticket-bob");
    assertThat(json(ticket.body()).get("expires_in").asLong()).isEqualTo(30);
    // a ticket opens only the event stream and the WebSocket
    assertThat(get(sink, "/api/progress?ticket=ticket-bob").statusCode()).isEqualTo(401);
  }

  @Test
  void tickets_withoutTokens_areA404() throws Exception {
    HttpSink sink = openSink();
    HttpResponse<String> response = post(sink, "/api/tickets");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"error\":\"no tokens configured\"}");
    assertThat(get(sink, "/api/tickets").statusCode()).isEqualTo(405);
  }

  @Test
  void cancel_cancelsThroughTheTracker_andTheStreamThenThrows() throws Exception {
    Tracker tracker =
        new Tracker(Tracker.Settings.defaults(), System::nanoTime, Clock.systemUTC(), true);
    open.add(tracker::shutdown);
    TrackerView view = new TrackerView(tracker);
    HttpSink sink = open.start(Fixtures.settings().transfers(view).build());
    tracker.addSink("http", sink, Duration.ofMillis(20));
    InputStream in =
        tracker
            .builder()
            .operation("download")
            .name("big.iso")
            .wrap(new ByteArrayInputStream(new byte[1000]));
    assertThat(in.read()).isNotNegative();
    Transfer transfer = Objects.requireNonNull(CountingStreams.transferOf(in));
    view.add(transfer);
    long id = transfer.id();

    HttpResponse<String> response = post(sink, "/api/progress/" + id + "/cancel");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = json(response.body());
    assertThat(json.get("task_id").asText()).isEqualTo(Long.toString(id));
    assertThat(json.get("cancelled").asBoolean()).isTrue();
    assertThat(json.get("state").asText()).isEqualTo("cancelled");
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThat(view.find(id).orElseThrow().error()).hasValue("cancelled over HTTP by anyone");

    JsonNode again = json(post(sink, "/api/progress/" + id + "/cancel").body());
    assertThat(again.get("cancelled").asBoolean()).isFalse();
    assertThat(again.get("state").asText()).isEqualTo("cancelled");
  }

  /** The tracker's transfers as a sink sees them; cancels the transfers the test added. */
  private static final class TrackerView implements LiveTransfers {
    private final Tracker tracker;
    private final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();

    TrackerView(Tracker tracker) {
      this.tracker = tracker;
    }

    void add(Transfer transfer) {
      transfers.put(transfer.id(), transfer);
    }

    @Override
    public List<ProgressEvent> all() {
      return tracker.snapshots();
    }

    @Override
    public Optional<ProgressEvent> find(long id) {
      return all().stream().filter(e -> e.transferId() == id).findFirst();
    }

    @Override
    public boolean cancel(long id, String reason) {
      Transfer transfer = transfers.get(id);
      return transfer != null && transfer.cancel(reason);
    }
  }

  @Test
  void dashboard_isServedWithTheStrictHeaders() throws Exception {
    HttpSink sink = openSink();
    for (String path : List.of("/", "/dashboard.js", "/dashboard.css")) {
      HttpResponse<String> response = get(sink, path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValue(Pages.CONTENT_SECURITY_POLICY);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
    assertThat(get(sink, "/").headers().firstValue("Content-Type"))
        .hasValue("text/html; charset=utf-8");
    assertThat(get(sink, "/dashboard.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get(sink, "/index.html").statusCode()).isEqualTo(404);
    assertThat(post(sink, "/").statusCode()).isEqualTo(405);
  }

  @Test
  void startAndStop_printNoLibraryLogLine() throws Exception {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      HttpSink sink = HttpSink.start(Fixtures.settings().build());
      get(sink, "/api/progress");
      sink.close();
    } finally {
      System.setErr(before);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
