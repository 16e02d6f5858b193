// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventConnectionCallback;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

/**
 * The Server-Sent Events of {@code /api/progress/stream}: every event a caller may see, each with
 * an {@code id}, and on connect either the events missed since the client's {@code Last-Event-ID}
 * or a snapshot of everything visible.
 *
 * <p>Messages are unnamed ({@code id:} and {@code data:} lines only), so a browser's {@code
 * EventSource.onmessage} receives every one whatever the operation's word; what a message is stands
 * in its data's {@code event} field: {@code download.progress}, or {@code snapshot} for {@code
 * {"event":"snapshot","transfers":[...]}}.
 *
 * <p>Replay: the last {@code ringSize} events are kept. A client whose {@code Last-Event-ID} is
 * still within them gets exactly the events after it that it may see; any other id (unknown, too
 * old, from before a restart) gets a snapshot. Numbers start at the wall clock's milliseconds times
 * 1000, so the ids of a restarted server are above those of the one before and an old id never
 * replays the wrong events.
 *
 * <p>Slow clients: each connection counts the events handed to it and not yet written to its
 * socket. Behind by {@value #PROGRESS_WINDOW}, it gets only the latest progress of each transfer
 * (see {@code Client.offer}), sent with its own id once the client caught up, so such a client may
 * see an id lower than one before it; past {@code maxUnsent} events (or {@code maxUnsentChars}
 * characters), which only lifecycle events can reach, the connection is closed, so a client that
 * stops reading never makes the server's memory grow. Its {@code EventSource} reconnects with its
 * last id and resumes.
 *
 * <p>Concurrency: {@link #publish} (the sink's thread) and {@link #connected} (an I/O thread) run
 * under one lock, so a connecting client sees each event once: in its replay or snapshot, or after.
 */
final class EventStream implements ServerSentEventConnectionCallback {
  /**
   * Unwritten messages beyond which a client's progress is held rather than sent; the WebSocket's
   * own, for the same reasons.
   */
  static final int PROGRESS_WINDOW = SocketClient.PROGRESS_WINDOW;

  private final Object lock = new Object();
  private final TransferStore store;
  private final Duration heartbeat;
  private final int ringSize;
  private final int maxUnsent;
  private final long maxUnsentChars;

  /** The recent events, oldest first; guarded by {@link #lock}. */
  private final ArrayDeque<Published> ring = new ArrayDeque<>();

  /** The number of the last event; guarded by {@link #lock}. */
  private long lastSeq;

  private final Map<ServerSentEventConnection, Client> clients = new ConcurrentHashMap<>();

  EventStream(
      TransferStore store,
      Duration heartbeat,
      long firstSeq,
      int ringSize,
      int maxUnsent,
      long maxUnsentChars) {
    this.store = store;
    this.heartbeat = heartbeat;
    this.lastSeq = firstSeq - 1;
    this.ringSize = ringSize;
    this.maxUnsent = maxUnsent;
    this.maxUnsentChars = maxUnsentChars;
  }

  /**
   * Stores {@code event} with {@code store} (which puts it where snapshots are made from and
   * returns what renders it as JSON), numbers it, keeps it for replay and sends it to every client
   * that may see it; all under the stream's lock, so a client connecting meanwhile gets the event
   * either in its snapshot or after it, never in both (a {@code completed} twice).
   */
  Published publish(ProgressEvent event, Supplier<Supplier<String>> store) {
    synchronized (lock) {
      Published published = new Published(++lastSeq, event, store.get());
      ring.addLast(published);
      if (ring.size() > ringSize) {
        ring.removeFirst();
      }
      for (Client client : clients.values()) {
        if (client.caller.maySee(event)) {
          client.offer(published);
        }
      }
      return published;
    }
  }

  @Override
  public void connected(ServerSentEventConnection connection, @Nullable String lastEventId) {
    Caller caller = connection.getAttachment(AccessHandler.CALLER);
    if (caller == null) {
      IoUtils.safeClose(connection);
      return;
    }
    // the library calls this on the connection's I/O thread, where its buffers are handled
    Client client = new Client(connection, caller, XnioIoThread.requireCurrentThread());
    connection.addCloseTask(closed -> clients.remove(closed));
    if (!heartbeat.isZero()) {
      connection.setKeepAliveTime(heartbeat.toMillis());
    }
    synchronized (lock) {
      List<Published> missed = missedSince(lastEventId);
      if (missed == null) {
        String snapshot = TaskJson.snapshot(store.list(caller::maySee), store::children);
        client.send(snapshot, Long.toString(lastSeq));
      } else {
        for (Published published : missed) {
          if (caller.maySee(published.event())) {
            client.send(published.json(), Long.toString(published.seq()));
          }
        }
      }
      if (connection.isOpen() && !client.dropped) {
        clients.put(connection, client);
      }
    }
  }

  /** The events after {@code lastEventId}, or {@code null} when they are not all kept. */
  private @Nullable List<Published> missedSince(@Nullable String lastEventId) {
    long last = lastEventId == null ? -1 : Api.id(lastEventId.strip());
    if (last < 0 || last > lastSeq) {
      return null;
    }
    long oldest = ring.isEmpty() ? lastSeq + 1 : ring.peekFirst().seq();
    if (last + 1 < oldest) {
      return null; // some events after it are gone
    }
    List<Published> missed = new ArrayList<>();
    for (Published published : ring) {
      if (published.seq() > last) {
        missed.add(published);
      }
    }
    return missed;
  }

  /** The last event published; for tests. */
  Published last() {
    synchronized (lock) {
      return ring.getLast();
    }
  }

  /** How many clients are connected. */
  int clients() {
    return clients.size();
  }

  /** The events handed to every client and not yet written, in all. */
  long unsent() {
    long unsent = 0;
    for (Client client : clients.values()) {
      unsent += client.unsent.get();
    }
    return unsent;
  }

  /** Ends every connection once what it was sent is written (the server stops). */
  void shutdown() {
    for (ServerSentEventConnection connection : clients.keySet()) {
      connection.shutdown();
    }
  }

  /** One connection and what it has not yet written. */
  private final class Client implements ServerSentEventConnection.EventCallback {
    final ServerSentEventConnection connection;
    final Caller caller;
    private final XnioIoThread ioThread;

    /** Whether it was closed for being too slow; guarded by the stream's lock. */
    boolean dropped;

    /** Progress held while the client is behind, by transfer; guarded by the stream's lock. */
    private final Map<Long, Published> held = new LinkedHashMap<>();

    private volatile boolean holding;

    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicLong unsentChars = new AtomicLong();

    Client(ServerSentEventConnection connection, Caller caller, XnioIoThread ioThread) {
      this.connection = connection;
      this.caller = caller;
      this.ioThread = ioThread;
    }

    /**
     * Sends {@code published}; a progress snapshot is held instead while the client is behind
     * ({@value #PROGRESS_WINDOW} messages unwritten), the latest of each transfer replacing the one
     * before, and sent when it caught up. A lifecycle event is always sent, and drops its
     * transfer's held snapshot, which it supersedes. Under the stream's lock.
     */
    void offer(Published published) {
      long id = published.event().transferId();
      if (published.event().isLifecycle()) {
        held.remove(id);
      } else if (unsent.get() >= PROGRESS_WINDOW || held.containsKey(id)) {
        held.put(id, published);
        holding = true;
        return;
      }
      send(published.json(), Long.toString(published.seq()));
    }

    /** Sends what is held while the client keeps up; on the I/O thread, under the stream's lock. */
    private void drain() {
      synchronized (lock) {
        Iterator<Published> it = held.values().iterator();
        while (it.hasNext() && unsent.get() < PROGRESS_WINDOW && !dropped) {
          Published next = it.next();
          it.remove();
          send(next.json(), Long.toString(next.seq()));
        }
        holding = !held.isEmpty();
      }
    }

    /**
     * Sends one unnamed message (no {@code event:} line: a browser's {@code onmessage} gets every
     * one, and the name is the {@code event} field of the data); under the stream's lock, so by one
     * sender at a time.
     */
    void send(String data, String id) {
      if (unsent.get() >= maxUnsent || unsentChars.get() + data.length() > maxUnsentChars) {
        tooSlow();
        return;
      }
      unsent.incrementAndGet();
      unsentChars.addAndGet(data.length());
      connection.send(data, null, id, this);
    }

    /**
     * Closes the connection on its I/O thread (closing frees the buffer a write may be using),
     * dropping what was queued: the client reconnects and resumes from its last id.
     */
    private void tooSlow() {
      clients.remove(connection);
      if (!dropped) {
        dropped = true;
        ioThread.execute(() -> IoUtils.safeClose(connection));
      }
    }

    // written or failed: runs on the I/O thread inside the library's write path, takes no lock
    @Override
    public void done(ServerSentEventConnection connection, String data, String event, String id) {
      unsentChars.addAndGet(-data.length());
      if (unsent.decrementAndGet() < PROGRESS_WINDOW && holding) {
        ioThread.execute(this::drain); // a task of its own: the lock is not taken in here
      }
    }

    @Override
    public void failed(
        ServerSentEventConnection connection, String data, String event, String id, IOException e) {
      done(connection, data, event, id);
    }
  }
}
