// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A client of the event stream over a plain socket (HTTP/1.0, so the body is the stream as sent):
 * collects each message, and each comment line, in the order they arrive.
 */
final class SseClient implements AutoCloseable {
  /** A message ({@code comment} false) or a comment line ({@code data} holds its text). */
  record Message(@Nullable String id, @Nullable String event, String data, boolean comment) {}

  private final Socket socket;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final int status;

  SseClient(HttpSink sink, String pathAndQuery, String... headers) throws IOException {
    URI uri = URI.create(sink.url());
    socket = new Socket(InetAddress.getLoopbackAddress(), uri.getPort());
    StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.0\r\n");
    request.append("Host: 127.0.0.1\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String statusLine = in.readLine();
    status = statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // response headers
    }
    Thread reader = new Thread(() -> read(in), "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(BufferedReader in) {
    String id = null;
    String event = null;
    StringBuilder data = null;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(":")) {
          messages.add(new Message(null, null, line, true));
        } else if (line.isEmpty()) {
          if (data != null || event != null) {
            messages.add(new Message(id, event, data == null ? "" : data.toString(), false));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5));
        }
      }
    } catch (IOException e) {
      // closed
    }
    messages.add(new Message(null, null, "<end>", true));
  }

  /** The next message, skipping comments; fails after 10 s. */
  Message next() throws InterruptedException {
    while (true) {
      Message message = nextOrComment();
      if (!message.comment()) {
        return message;
      }
      if (message.data().equals("<end>")) {
        throw new AssertionError("the stream ended");
      }
    }
  }

  /** The next message or comment; fails after 10 s. */
  Message nextOrComment() throws InterruptedException {
    Message message = messages.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 10 s");
    }
    return message;
  }

  /** The next message or comment if one arrives within {@code millis}. */
  @Nullable Message poll(long millis) throws InterruptedException {
    return messages.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
