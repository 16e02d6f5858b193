// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.internal.Diagnostics;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.connections.transports.AbstractTransport;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.jspecify.annotations.Nullable;

/**
 * Linux (and any desktop with a D-Bus session bus): calls {@code
 * org.freedesktop.Notifications.Notify} on the session bus named by {@code
 * DBUS_SESSION_BUS_ADDRESS}, through the dbus-java library over the JDK's own Unix domain sockets.
 *
 * <p>It connects on the sink's thread when the first event comes (never while the application
 * starts Flowmeter), asks the service once whether the body is markup ({@code body-markup}), and
 * escapes the body then. Each call waits for its answer at most {@link #ANSWER_TIMEOUT}. A failure
 * is marked urgent ({@code urgency} 2, which most servers keep on screen until dismissed), with the
 * {@code transfer.error} category; a finished transfer is {@code transfer.complete}.
 *
 * <p>The library reaches a bus at a socket file ({@code unix:path=...}, what systemd and {@code
 * dbus-run-session} give); the JDK has no abstract Unix sockets, so a bus at {@code
 * unix:abstract=...} (what {@code dbus-launch} gives on Linux) is reached through {@link
 * GdbusNotifier} instead. Another address is said in one line.
 */
final class DbusNotifier implements Notifier {
  /** The most a call to the bus (connecting, a notification) may take. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

  private final String appName;
  private final int expireMillis;
  private final Function<String, @Nullable String> env;
  private @Nullable DBusConnection connection;
  private @Nullable Notifications service;
  private @Nullable String address;
  private boolean markup = true;
  private volatile @Nullable String lost;
  private @Nullable Notifier gdbus;

  /**
   * @param expireMillis the {@code expire_timeout}: -1 for the server's default, 0 for never
   * @param env reads an environment variable ({@code System::getenv})
   */
  DbusNotifier(String appName, int expireMillis, Function<String, @Nullable String> env) {
    this.appName = appName;
    this.expireMillis = expireMillis;
    this.env = env;
  }

  @Override
  public void open() throws Unavailable {
    String variable = env.apply("DBUS_SESSION_BUS_ADDRESS");
    if (variable == null || variable.isBlank()) {
      throw new Unavailable("no desktop session bus here (DBUS_SESSION_BUS_ADDRESS is not set)");
    }
    String chosen = socketFile(variable);
    if (chosen == null) {
      if (!variable.contains("unix:abstract=")) {
        throw new Unavailable(
            "the session bus address '"
                + variable
                + "' names no socket file (unix:path=...) nor an abstract socket: nothing this sink"
                + " can reach");
      }
      Notifier fallback = new GdbusNotifier(appName, expireMillis, variable);
      fallback.open();
      gdbus = fallback;
      return;
    }
    address = chosen;
    // the library waits for the bus's handshake without a limit: a bus that takes the connection
    // and never answers would hold the sink's thread for good, so its socket is closed after the
    // timeout, which ends the wait
    Watchdog watchdog = new Watchdog();
    try {
      DBusConnection c =
          DBusConnectionBuilder.forAddress(chosen)
              .withShared(false)
              .withDisconnectCallback(new Lost())
              .receivingThreadConfig()
              .withSignalThreadCount(1)
              .withErrorHandlerThreadCount(1)
              .withMethodCallThreadCount(1)
              .withMethodReturnThreadCount(1)
              .connectionConfig()
              .transportConfig()
              .withServiceLoaderClassLoader(DbusNotifier.class.getClassLoader())
              .withTimeout((int) ANSWER_TIMEOUT.toMillis())
              .withPreConnectCallback(watchdog::watch)
              .back()
              .build();
      if (watchdog.done()) {
        c.disconnect();
        throw new DBusException("the connection was closed");
      }
      connection = c;
      service =
          c.getRemoteObject(Notifications.BUS_NAME, Notifications.OBJECT_PATH, Notifications.class);
    } catch (DBusException | RuntimeException e) {
      close();
      if (watchdog.done()) {
        throw new Unavailable(
            "the session bus at "
                + shown(chosen)
                + " did not answer in "
                + ANSWER_TIMEOUT.toSeconds()
                + " s",
            e);
      }
      throw new Unavailable(
          "cannot reach the session bus at " + shown(chosen) + ": " + Diagnostics.describe(e), e);
    } finally {
      watchdog.done();
    }
    try {
      Object capabilities = call("GetCapabilities");
      markup = !(capabilities instanceof List) || ((List<?>) capabilities).contains("body-markup");
    } catch (IOException e) {
      markup = true; // escaped text is shown as written at worst; unescaped could be read as markup
    }
  }

  /**
   * {@code address} fit for a message: without its {@code guid=} (the bus's identity) or a nonce
   * file's name, only where the bus is.
   */
  static String shown(@Nullable String address) {
    if (address == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    for (String part : address.split("[,;]")) {
      if (part.startsWith("guid=") || part.startsWith("noncefile=")) {
        continue;
      }
      out.append(out.length() == 0 ? "" : ",").append(part);
    }
    return NotificationText.plain(out.toString(), 300);
  }

  /**
   * The first {@code unix:path=} address of a {@code ;}-separated list, or {@code null} if none.
   */
  static @Nullable String socketFile(String addresses) {
    for (String address : addresses.split(";")) {
      String a = address.trim();
      if (a.startsWith("unix:") && (a.startsWith("unix:path=") || a.contains(",path="))) {
        return a;
      }
    }
    return null;
  }

  @Override
  public long show(Notification n, long replaces) throws IOException {
    if (gdbus != null) {
      return gdbus.show(n, replaces);
    }
    Map<String, Variant<?>> hints = new LinkedHashMap<>();
    hints.put("urgency", new Variant<>((byte) (n.isFailure() ? 2 : 1)));
    hints.put("category", new Variant<>(category(n)));
    String body = String.join("\n", n.lines());
    Object id =
        call(
            "Notify",
            appName,
            new UInt32(replaces),
            icon(n),
            n.summary(),
            markup ? NotificationText.markup(body) : body,
            List.<String>of(),
            hints,
            expireMillis);
    return id instanceof UInt32 ? ((UInt32) id).longValue() : 0;
  }

  /** Calls {@code method} of the service and waits for its answer, bounded. */
  private @Nullable Object call(String method, Object... args) throws IOException {
    DBusConnection c = connection;
    Notifications s = service;
    String gone = lost;
    if (gone != null || c == null || s == null || !c.isConnected()) {
      throw new Unavailable(
          "the session bus at "
              + shown(address)
              + " went away"
              + (gone != null && !gone.isEmpty() ? " (" + gone + ")" : ""));
    }
    try {
      DBusAsyncReply<?> reply =
          c.callMethodAsync(s, method.equals("Notify") ? "showNotification" : "capabilities", args);
      Message answer = reply.getCall().getReply(ANSWER_TIMEOUT.toMillis());
      if (answer == null) {
        throw new NoAnswer(
            "the session bus at "
                + shown(address)
                + " did not answer "
                + method
                + " in "
                + ANSWER_TIMEOUT.toSeconds()
                + " s");
      }
      return reply.getReply();
    } catch (DBusException | DBusExecutionException e) {
      if (lost != null || !c.isConnected()) {
        throw new Unavailable("the session bus at " + shown(address) + " went away", e);
      }
      throw new IOException(method + " failed: " + Diagnostics.describe(e), e);
    }
  }

  static String icon(Notification n) {
    switch (n.status()) {
      case FAILED:
        return "dialog-error";
      case CANCELLED:
        return "dialog-warning";
      default:
        return "dialog-information";
    }
  }

  static String category(Notification n) {
    switch (n.status()) {
      case FAILED:
        return "transfer.error";
      case COMPLETED:
        return "transfer.complete";
      default:
        return "transfer";
    }
  }

  @Override
  public void close() {
    DBusConnection c = connection;
    connection = null;
    service = null;
    if (c == null) {
      return;
    }
    // bounded: a bus that hangs must not hold the JVM's exit
    Thread closer =
        new Thread(
            () -> {
              try {
                c.disconnect();
              } catch (RuntimeException e) {
                Diagnostics.debug("desktop sink: closing the D-Bus connection", e);
              }
            },
            "flowmeter-desktop-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(ANSWER_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes the connection's socket when connecting takes longer than {@link #ANSWER_TIMEOUT}: a
   * daemon thread, which ends when connecting ends.
   */
  private static final class Watchdog {
    private final Object lock = new Object();
    private @Nullable AbstractTransport transport;
    private boolean finished;
    private boolean fired;

    /** Called by the library with the transport about to connect: starts the clock. */
    void watch(AbstractTransport t) {
      synchronized (lock) {
        boolean started = transport != null;
        transport = t; // the library's next try, after the first failed
        if (started) {
          return;
        }
      }
      Thread thread = new Thread(this::run, "flowmeter-desktop-connect-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      long end = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
      synchronized (lock) {
        try {
          for (long left = end - System.nanoTime(); !finished && left > 0; ) {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
            left = end - System.nanoTime();
          }
          // the socket may not be open yet when the time is up: closed until connecting ends
          while (!finished) {
            fired = true;
            closeQuietly(transport);
            lock.wait(100);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static void closeQuietly(@Nullable AbstractTransport t) {
      if (t == null) {
        return;
      }
      try {
        t.close();
      } catch (IOException | RuntimeException e) {
        Diagnostics.debug("desktop sink: closing a bus connection that did not answer", e);
      }
    }

    /** Ends the watch; returns whether the time was up and the socket closed. */
    boolean done() {
      synchronized (lock) {
        finished = true;
        lock.notifyAll();
        return fired;
      }
    }
  }

  /** Notes that the bus dropped the connection, so the next call says so instead of trying. */
  private final class Lost implements IDisconnectCallback {
    @Override
    public void disconnectOnError(IOException e) {
      lost = Diagnostics.describe(e);
    }

    @Override
    public void exceptionOnTerminate(IOException e) {
      lost = Diagnostics.describe(e);
    }
  }
}
