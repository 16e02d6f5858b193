// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that open a connection and never finish a request (slow headers, idle keep-alive) are
 * closed by the server, so they cannot pile up until the application runs out of file handles; and
 * one of them never holds up another client.
 */
final class SlowClientTest {
  @RegisterExtension final Fixtures.Servers servers = new Fixtures.Servers();

  private static Socket connect(HttpSink sink) throws IOException {
    URI url = URI.create(sink.url());
    Socket socket = new Socket(url.getHost(), url.getPort());
    socket.setSoTimeout((int) HttpSink.REQUEST_PARSE_TIMEOUT.multipliedBy(3).toMillis());
    return socket;
  }

  /** Reads until the server closes; fails when it does not within the socket's timeout. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // the answer to an earlier request, if any
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    }
  }

  @Test
  void aRequestWhoseHeadersNeverEndIsClosed() throws Exception {
    HttpSink sink = servers.start(Fixtures.settings().build());
    try (Socket slow = connect(sink)) {
      slow.getOutputStream()
          .write(
              "GET /api/progress HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                  .getBytes(StandardCharsets.US_ASCII));

      assertThat(Fixtures.get(sink, "/api/progress").statusCode()).isEqualTo(200);
      assertClosedByServer(slow);
    }
  }

  @Test
  void theEventStreamOutlivesTheTimeouts() throws Exception {
    HttpSink sink = servers.start(Fixtures.settings().heartbeat(Duration.ZERO).build());
    try (SseClient client = servers.add(new SseClient(sink, "/api/progress/stream"))) {
      client.next();
      Thread.sleep(HttpSink.REQUEST_PARSE_TIMEOUT.multipliedBy(2).toMillis());

      sink.onEvent(Fixtures.event(1, "download", Status.STARTING).build());

      assertThat(client.next().toString()).contains("\"task_id\":\"1\"");
    }
  }
}
