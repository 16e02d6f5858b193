// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.Options;
import org.xnio.Xnio;

/**
 * The {@code http} sink: keeps the latest state of every transfer ({@link TransferStore}) and
 * serves it on one embedded Undertow server: the REST API ({@link Api}), Server-Sent Events ({@link
 * EventStream}), the WebSocket ({@link SocketHub}) and the dashboard ({@link Pages}).
 *
 * <p>Events arrive on the sink's own thread, already coalesced to one progress snapshot per
 * transfer per interval; each is rendered to JSON once there and handed to every client. The
 * server's threads only read.
 */
final class HttpSink implements ProgressSink {
  /** Events kept for {@code Last-Event-ID} replay. */
  static final int RING_SIZE = 10_000;

  /** Finished transfers kept at most, whatever the retention. */
  static final int MAX_FINISHED = 10_000;

  /** Messages (and characters) a client may fall behind before it is disconnected. */
  static final int MAX_UNSENT = 1_000;

  static final long MAX_UNSENT_CHARS = 4L * 1024 * 1024;

  /** How long a client may take to send a request's headers before its connection is closed. */
  static final Duration REQUEST_PARSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Connections open at most; beyond, new ones wait in the system's backlog until one closes, so
   * clients cannot take all the application's file handles.
   */
  static final int MAX_CONNECTIONS = 1_000;

  /** How long a connection may wait for its next request before it is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What the server needs.
   *
   * @param host the address to listen on
   * @param port the port, 0 for a free one
   * @param interval the least time between two progress messages of one transfer to one client
   * @param retention how long finished transfers stay in the API
   * @param heartbeat how often an idle event stream gets a comment; zero for never
   * @param access who may ask
   * @param transfers the tracker's transfers, for cancel
   * @param clock the clock that ages finished transfers
   * @param nanoTime the monotonic clock that paces each client's progress
   */
  record Settings(
      String host,
      int port,
      Duration interval,
      Duration retention,
      Duration heartbeat,
      Access access,
      LiveTransfers transfers,
      Clock clock,
      LongSupplier nanoTime) {
    /** The defaults on {@code host:port}: open access, no tracker. */
    static Settings defaults(String host, int port) {
      return new Settings(
          host,
          port,
          Duration.ofMillis(250),
          Duration.ofHours(24),
          Duration.ofSeconds(15),
          Access.open(),
          LiveTransfers.none(),
          Clock.systemUTC(),
          System::nanoTime);
    }
  }

  private final Undertow server;
  private final String url;
  private final TransferStore store;
  private final EventStream stream;
  private final SocketHub sockets;
  private final LiveTransfers transfers;
  private final MetricsRoute metrics;

  /**
   * The file count of each running group when its pending files were last looked up; writer thread
   * only.
   */
  private final Map<Long, Integer> filesLookedUp = new HashMap<>();

  private HttpSink(
      Undertow server,
      String url,
      TransferStore store,
      EventStream stream,
      SocketHub sockets,
      LiveTransfers transfers,
      MetricsRoute metrics) {
    this.server = server;
    this.url = url;
    this.store = store;
    this.stream = stream;
    this.sockets = sockets;
    this.transfers = transfers;
    this.metrics = metrics;
  }

  /**
   * The server's library loggers, held so that their level stays set: through {@code
   * java.util.logging} they would print start and stop lines on the application's standard error.
   */
  private static final List<Logger> QUIET = new ArrayList<>();

  /** The files of a transfer that has none: neither a group nor counting files. */
  private static final LongFunction<List<ProgressEvent>> NO_FILES = id -> List.of();

  /** Starts a server on {@code host:port} with the defaults. */
  static HttpSink start(String host, int port) throws IOException {
    return start(Settings.defaults(host, port));
  }

  /** Starts a server; its threads are daemons, so it never keeps a JVM up. */
  static HttpSink start(Settings settings) throws IOException {
    return start(settings, MetricsRoute.load("http"));
  }

  /** Starts a server whose {@code /metrics} is {@code metrics}, which it closes. */
  static HttpSink start(Settings settings, MetricsRoute metrics) throws IOException {
    quietLibraryLogs();
    TransferStore store = new TransferStore(settings.clock(), settings.retention(), MAX_FINISHED);
    EventStream stream =
        new EventStream(
            store,
            settings.heartbeat(),
            settings.clock().millis() * 1000,
            RING_SIZE,
            MAX_UNSENT,
            MAX_UNSENT_CHARS);
    SocketHub sockets =
        new SocketHub(
            store, settings.interval(), settings.nanoTime(), MAX_UNSENT, MAX_UNSENT_CHARS);
    Undertow server =
        Undertow.builder()
            .addHttpListener(settings.port(), settings.host())
            .setIoThreads(1)
            .setWorkerThreads(2)
            .setWorkerOption(Options.THREAD_DAEMON, true)
            .setServerOption(
                UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) REQUEST_PARSE_TIMEOUT.toMillis())
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_TIMEOUT.toMillis())
            .setSocketOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
            .setSocketOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
            .setHandler(routes(settings, store, stream, sockets, metrics))
            .build();
    String host = settings.host();
    try {
      server.start();
    } catch (RuntimeException e) {
      metrics.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why = cause instanceof BindException ? "in use or not permitted" : cause.toString();
      throw new IOException("cannot listen on " + host + ":" + settings.port() + ": " + why, cause);
    }
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    String shown = host.contains(":") ? "[" + host + "]" : host;
    String url = "http://" + shown + ":" + bound.getPort() + "/";
    return new HttpSink(server, url, store, stream, sockets, settings.transfers(), metrics);
  }

  private static HttpHandler routes(
      Settings settings,
      TransferStore store,
      EventStream stream,
      SocketHub sockets,
      MetricsRoute metrics) {
    Access access = settings.access();
    Api api = new Api(store, settings.transfers(), access, access.ticketTtl());
    Pages pages = new Pages();
    PathHandler paths =
        Handlers.path(exchange -> Responses.error(exchange, 404, "not found"))
            .addExactPath("/", pages)
            .addExactPath("/dashboard.js", pages)
            .addExactPath("/dashboard.css", pages)
            .addExactPath("/api/progress", new AccessHandler(access, false, worker(api::list)))
            .addPrefixPath("/api/progress", new AccessHandler(access, false, worker(api::one)))
            .addExactPath("/api/tickets", new AccessHandler(access, false, worker(api::ticket)))
            .addExactPath(
                "/metrics", new AccessHandler(access, false, get(worker(metrics::handle))))
            .addExactPath(
                "/api/progress/stream",
                new AccessHandler(access, true, get(new ServerSentEventHandler(stream))))
            .addExactPath(
                "/api/progress/ws",
                new AccessHandler(access, true, get(Handlers.websocket(sockets))))
            .addPrefixPath(
                "/api",
                new AccessHandler(
                    access, false, exchange -> Responses.error(exchange, 404, "not found")));
    return access.required() ? paths : new SameOrigin(settings.host(), paths);
  }

  /** Runs {@code handler} on a worker thread, off the I/O thread. */
  private static HttpHandler worker(Consumer<HttpServerExchange> handler) {
    return new HttpHandler() {
      @Override
      public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
          exchange.dispatch(this);
          return;
        }
        handler.accept(exchange);
      }
    };
  }

  /** Lets only {@code GET} through to {@code handler}. */
  private static HttpHandler get(HttpHandler handler) {
    return exchange -> {
      if (exchange.getRequestMethod().equals(Methods.GET)) {
        handler.handleRequest(exchange);
      } else {
        Responses.methodNotAllowed(exchange, "GET");
      }
    };
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

  /** The store, for tests. */
  TransferStore store() {
    return store;
  }

  /** The event stream, for tests. */
  EventStream stream() {
    return stream;
  }

  /** The WebSocket clients, for tests. */
  SocketHub sockets() {
    return sockets;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    sockets.beginBatch(); // before any work on the event: the batch's start as the core counts it
    metrics.onEvent(event);
    Published published =
        stream.publish(
            event,
            () -> {
              store.put(event);
              if (event.kind() == Kind.GROUP) {
                addPendingFiles(event);
              }
              if (event.kind() == Kind.GROUP || event.totalFiles() >= 0) {
                String json = TaskJson.event(event, store::children); // the files as they are now
                return () -> json;
              }
              return () -> TaskJson.event(event, NO_FILES); // when a client needs it, if one does
            });
    sockets.publish(event, published);
  }

  /**
   * Keeps the files of {@code group} that have not started: the core sends a file's first event
   * when it starts, so a group's list would otherwise show 3 of its 10 files early on. Looked up in
   * the tracker's transfers only when the group counts more files than are kept, once per new
   * count.
   */
  private void addPendingFiles(ProgressEvent group) {
    long id = group.transferId();
    if (group.status().isFinal()) {
      filesLookedUp.remove(id);
      return;
    }
    int files = group.totalFiles();
    if (files <= filesLookedUp.getOrDefault(id, 0) || files <= store.children(id).size()) {
      return;
    }
    filesLookedUp.put(id, files);
    for (ProgressEvent transfer : transfers.all()) {
      if (transfer.parentId() == id
          && transfer.status() == Status.PENDING
          && store.find(transfer.transferId()).isEmpty()) {
        store.put(transfer);
      }
    }
  }

  @Override
  public void flush() {
    sockets.endBatch();
    store.evict();
  }

  @Override
  public void close() throws IOException {
    sockets.closeAll(Duration.ofSeconds(1));
    stream.shutdown();
    server.stop();
    metrics.close();
  }
}
