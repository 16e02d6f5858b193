// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without a token, only this machine's own pages may use the server: a web page on another origin
 * the user visits must not cancel a transfer (a cross-site request), open the WebSocket (a
 * cross-site WebSocket), or read the API after pointing its own name at 127.0.0.1 (DNS rebinding).
 * Requests are written by hand: the JDK client will not send a foreign {@code Host}.
 */
final class SameOriginTest {
  private static final String WS_UPGRADE =
      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

  @RegisterExtension final Fixtures.Servers servers = new Fixtures.Servers();

  private HttpSink openSink() throws IOException {
    HttpSink sink = servers.start(Fixtures.settings().build());
    sink.onEvent(event(1, "download", Status.IN_PROGRESS).bytes(5).build());
    return sink;
  }

  /** The status line of {@code method path} sent with {@code headers} (each ending in CRLF). */
  private static String statusLine(HttpSink sink, String method, String path, String headers)
      throws IOException {
    URI url = URI.create(sink.url());
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String request =
          method + " " + path + " HTTP/1.1\r\n" + headers + "Content-Length: 0\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static String host(HttpSink sink) {
    URI url = URI.create(sink.url());
    return "Host: " + url.getHost() + ":" + url.getPort() + "\r\n";
  }

  @Test
  void aCancelFromAnotherOriginIsForbidden() throws Exception {
    HttpSink sink = openSink();

    String answer =
        statusLine(
            sink, "POST", "/api/progress/1/cancel", host(sink) + "Origin: http://evil.example\r\n");

    assertThat(answer).isEqualTo("HTTP/1.1 403 Forbidden");
  }

  @Test
  void aWebSocketFromAnotherOriginIsForbidden() throws Exception {
    HttpSink sink = openSink();

    String answer =
        statusLine(
            sink,
            "GET",
            "/api/progress/ws",
            host(sink) + "Origin: http://evil.example\r\n" + WS_UPGRADE);

    assertThat(answer).isEqualTo("HTTP/1.1 403 Forbidden");
  }

  @Test
  void aNullOriginIsForbidden() throws Exception {
    HttpSink sink = openSink();

    assertThat(statusLine(sink, "GET", "/api/progress", host(sink) + "Origin: null\r\n"))
        .isEqualTo("HTTP/1.1 403 Forbidden");
  }

  @Test
  void aForeignHostNameIsForbidden() throws Exception {
    HttpSink sink = openSink();

    assertThat(statusLine(sink, "GET", "/api/progress", "Host: evil.example:8080\r\n"))
        .isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(statusLine(sink, "GET", "/", "Host: evil.example\r\n"))
        .isEqualTo("HTTP/1.1 403 Forbidden");
  }

  @Test
  void theServersOwnPageAndPlainClientsAreServed() throws Exception {
    HttpSink sink = openSink();
    URI url = URI.create(sink.url());
    String origin = "Origin: http://" + url.getHost() + ":" + url.getPort() + "\r\n";
    String localhost = "Host: localhost:" + url.getPort() + "\r\n";

    assertThat(statusLine(sink, "POST", "/api/progress/1/cancel", host(sink) + origin))
        .isEqualTo("HTTP/1.1 200 OK");
    assertThat(statusLine(sink, "GET", "/api/progress/ws", host(sink) + origin + WS_UPGRADE))
        .isEqualTo("HTTP/1.1 101 Switching Protocols");
    assertThat(statusLine(sink, "GET", "/api/progress", host(sink))).isEqualTo("HTTP/1.1 200 OK");
    assertThat(
            statusLine(
                sink,
                "GET",
                "/api/progress",
                localhost + "Origin: http://localhost:" + url.getPort() + "\r\n"))
        .isEqualTo("HTTP/1.1 200 OK");
    assertThat(statusLine(sink, "GET", "/", "Host: [::1]:" + url.getPort() + "\r\n"))
        .isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void withATokenAnotherOriginIsLeftToTheToken() throws Exception {
    HttpSink sink = servers.start(Fixtures.settings().access(new Fixtures.FakeAccess()).build());

    String answer =
        statusLine(
            sink,
            "GET",
            "/api/progress",
            "Host: flowmeter.example\r\nOrigin: http://app.example\r\n");

    assertThat(answer).isEqualTo("HTTP/1.1 401 Unauthorized");
  }
}
