// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 for the forked programs: {@code GET /data/<n>} answers {@code n}
 * bytes with a {@code Content-Length} (a pattern the client can check), {@code POST /upload}
 * answers the number of bytes it received.
 */
final class TestServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/data/", this::data);
    server.createContext("/upload", this::upload);
    server.setExecutor(executor);
    server.start();
  }

  /** The base address, {@code http://127.0.0.1:<port>}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The byte at {@code i} of every body the server sends. */
  static byte at(long i) {
    return (byte) (i * 31 + (i >> 8));
  }

  private void data(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    exchange.sendResponseHeaders(200, n);
    try (OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      for (int i = 0; i < n; ) {
        int len = Math.min(buffer.length, n - i);
        for (int j = 0; j < len; j++) {
          buffer[j] = at(i + j);
        }
        out.write(buffer, 0, len);
        i += len;
      }
    }
  }

  private void upload(HttpExchange exchange) throws IOException {
    long count = 0;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        count += n;
      }
    }
    byte[] answer = ("received " + count).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
