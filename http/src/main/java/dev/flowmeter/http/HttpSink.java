// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.Options;
import org.xnio.Xnio;

/** The {@code http} sink: owns the embedded server. */
final class HttpSink implements ProgressSink {
  private final Undertow server;
  private final String url;

  private HttpSink(Undertow server, String url) {
    this.server = server;
    this.url = url;
  }

  /**
   * The server library's loggers, held so that their level stays set: through {@code
   * java.util.logging} they would print start and stop lines on the application's standard error.
   */
  private static final List<Logger> QUIET = new ArrayList<>();

  /**
   * Starts a server on {@code host:port} that lets in whom {@code access} accepts; its threads are
   * daemons, so it never keeps a JVM up.
   */
  static HttpSink start(String host, int port, Access access) throws IOException {
    quietLibraryLogs();
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, host)
            .setIoThreads(1)
            .setWorkerThreads(2)
            .setWorkerOption(Options.THREAD_DAEMON, true)
            .setHandler(
                exchange -> {
                  exchange.setStatusCode(404);
                  exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                  exchange.getResponseSender().send("not found");
                })
            .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why = cause instanceof BindException ? "in use or not permitted" : cause.toString();
      throw new IOException("cannot listen on " + host + ":" + port + ": " + why, cause);
    }
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return new HttpSink(server, "http://" + shown + ":" + bound.getPort() + "/");
  }

  private static synchronized void quietLibraryLogs() {
    if (!QUIET.isEmpty()) {
      return;
    }
    for (String name : List.of(Undertow.class.getPackageName(), Xnio.class.getPackageName())) {
      Logger logger = Logger.getLogger(name);
      if (logger.getLevel() == null) {
        logger.setLevel(Level.WARNING);
      }
      QUIET.add(logger);
    }
  }

  /** The server's address, such as {@code http://127.0.0.1:8080/}. */
  String url() {
    return url;
  }

  @Override
  public void onEvent(ProgressEvent event) {}

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
