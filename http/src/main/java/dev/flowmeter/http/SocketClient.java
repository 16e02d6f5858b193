// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.xnio.IoUtils;

/**
 * One WebSocket client: what it subscribed to, and what it is sent.
 *
 * <p>Lifecycle events are sent at once and in order, never dropped. Progress of one transfer is
 * sent at most once per {@code interval} (counted between the starts of the sink's batches that
 * brought them, the rhythm at which the core delivers a transfer's progress to the sink), and only
 * while the client keeps up (fewer than {@value #PROGRESS_WINDOW} messages unwritten); otherwise it
 * is held, the latest replacing the one before, and sent when the interval has passed and the
 * client caught up. A lifecycle event of a transfer drops its held progress, which it supersedes.
 *
 * <p>A client that falls {@code maxUnsent} messages (or {@code maxUnsentChars} characters) behind
 * is closed with code 1013 (try again later) and a reason; it is cut off after a short grace if it
 * does not read the close frame either. So a client that stops reading costs bounded memory.
 *
 * <p>Concurrency: the sink's thread ({@link #offer}) and the I/O thread (messages from the client,
 * timers) meet under this object's monitor and call the library under it. Write completions run
 * inside the library's write path, so they only count down (atomics) and hand any held progress to
 * a task of their own: a completion that waited for the monitor could deadlock with a sender that
 * holds it and waits for the library.
 */
final class SocketClient {
  /**
   * Unwritten messages beyond which progress is held rather than sent: more than one batch brings
   * when a client follows hundreds of transfers (one snapshot each per interval; the library
   * reports a message written some time after it left), and half of the sink's limit, so that
   * lifecycle events keep room before a client counts as too slow.
   */
  static final int PROGRESS_WINDOW = 512;

  /**
   * How much sooner than an interval a transfer's progress still counts as due: the sink notes a
   * batch's start when its first event arrives, microseconds after the core did; without this, half
   * the snapshots the core paced exactly would be held for a timer's round.
   */
  static final long EARLY_NANOS = 1_000_000;

  private static final int MAX_SUBSCRIPTIONS = 10_000;
  private static final long GRACE_MILLIS = 2_000;

  private final WebSocketChannel channel;
  private final Caller caller;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final int maxUnsent;
  private final long maxUnsentChars;

  private final Set<Long> subscriptions = new HashSet<>();
  private boolean all;
  private final Map<Long, Held> held = new LinkedHashMap<>();
  private final Map<Long, Long> lastProgress = new HashMap<>();

  /**
   * The stored event each subscribe reply was made of, until the transfer's next event: the sink
   * stores an event before it publishes it, so a subscribe that comes in between has sent it
   * already, and its publication must not send it again (an end, or a snapshot, twice).
   */
  private final Map<Long, ProgressEvent> replayed = new HashMap<>();

  /** Written by write completions without the monitor (see the class notes), read under it. */
  private final AtomicInteger unsent = new AtomicInteger();

  private final AtomicLong unsentChars = new AtomicLong();
  private volatile boolean holding;
  private boolean timerSet;
  private boolean closing;

  SocketClient(
      WebSocketChannel channel,
      Caller caller,
      long intervalNanos,
      LongSupplier nanoTime,
      int maxUnsent,
      long maxUnsentChars) {
    this.channel = channel;
    this.caller = caller;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.maxUnsent = maxUnsent;
    this.maxUnsentChars = maxUnsentChars;
  }

  Caller caller() {
    return caller;
  }

  /**
   * Sends {@code event} (rendered as {@code json}) if the client subscribed to it; {@code
   * receivedNanos} is when the sink's batch that brought it began, which a progress event's
   * interval is counted from.
   */
  synchronized void offer(ProgressEvent event, String json, long receivedNanos) {
    long id = event.transferId();
    if (closing || !(all || subscriptions.contains(id)) || !caller.maySee(event)) {
      return;
    }
    ProgressEvent replay = replayed.isEmpty() ? null : replayed.remove(id);
    if (replay == event && (event.isFinal() || !event.isLifecycle())) {
      // the subscribe reply was this very event; a started or saving event is replied to as a
      // snapshot, so it is still sent under its own name
      held.remove(id);
      if (event.isFinal()) {
        lastProgress.remove(id);
      } else {
        lastProgress.put(id, receivedNanos);
      }
      return;
    }
    if (event.isLifecycle()) {
      held.remove(id);
      if (event.isFinal()) {
        lastProgress.remove(id);
      }
      send(json);
      return;
    }
    if (!held.containsKey(id) && due(id, receivedNanos) && unsent.get() < PROGRESS_WINDOW) {
      lastProgress.put(id, receivedNanos);
      send(json);
    } else {
      held.put(id, new Held(json, receivedNanos));
      holding = true;
      schedule();
    }
  }

  private boolean due(long id, long now) {
    Long last = lastProgress.get(id);
    return last == null || now - last >= intervalNanos - EARLY_NANOS;
  }

  /** Sends what is held and due, and sets a timer for the rest. */
  private void drain() {
    long now = nanoTime.getAsLong();
    for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator();
        it.hasNext() && unsent.get() < PROGRESS_WINDOW && !closing; ) {
      Map.Entry<Long, Held> entry = it.next();
      if (due(entry.getKey(), now)) {
        it.remove();
        // counted from its receipt, not from now: a client that fell behind once is not kept
        // behind the sink's rhythm for good by each later snapshot waiting out a shifted interval
        lastProgress.put(entry.getKey(), entry.getValue().receivedNanos());
        send(entry.getValue().json());
      }
    }
    holding = !held.isEmpty();
    if (holding) {
      schedule();
    }
  }

  /**
   * How long until the first held progress is due: one held because its transfer's last went out
   * less than an interval ago waits only for the rest of that interval (at least 1 ms), not for the
   * next tick of a fixed timer; a quarter interval when the client is behind, whose write
   * completions drain it sooner.
   */
  private long untilDue() {
    if (unsent.get() >= PROGRESS_WINDOW) {
      return Math.max(1_000_000, intervalNanos / 4);
    }
    long now = nanoTime.getAsLong();
    long soonest = intervalNanos;
    for (Long id : held.keySet()) {
      Long last = lastProgress.get(id);
      soonest = Math.min(soonest, last == null ? 0 : last + intervalNanos - now);
    }
    return Math.max(1_000_000, soonest);
  }

  private void schedule() {
    if (timerSet || closing) {
      return;
    }
    timerSet = true;
    long delayNanos = untilDue();
    channel
        .getIoThread()
        .executeAfter(
            () -> {
              synchronized (this) {
                timerSet = false;
                drain();
              }
            },
            delayNanos,
            TimeUnit.NANOSECONDS);
  }

  /** Sends {@code text} now, whatever the client subscribed to: a reply or a current state. */
  synchronized void send(String text) {
    if (closing) {
      return;
    }
    if (unsent.get() >= maxUnsent || unsentChars.get() + text.length() > maxUnsentChars) {
      close(1013, "too slow: " + unsent + " messages unread; reconnect and subscribe again");
      return;
    }
    unsent.incrementAndGet();
    unsentChars.addAndGet(text.length());
    WebSockets.sendText(
        text,
        channel,
        new WebSocketCallback<Void>() {
          @Override
          public void complete(WebSocketChannel channel, Void context) {
            written(text);
          }

          @Override
          public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
            written(text);
          }
        });
  }

  /**
   * A message was written (or failed). Runs on the I/O thread inside the library's write path, so
   * it takes no monitor: the sink's thread may hold this one while it waits for the library.
   */
  private void written(String text) {
    unsentChars.addAndGet(-text.length());
    if (unsent.decrementAndGet() < PROGRESS_WINDOW && holding) {
      channel.getIoThread().execute(this::drainNow);
    }
  }

  private synchronized void drainNow() {
    drain();
  }

  /**
   * Subscribes to {@code taskId} ({@code "*"} for all); returns false when the client holds too
   * many subscriptions already.
   */
  synchronized boolean subscribe(ClientMessage message) {
    if (message.all()) {
      all = true;
      return true;
    }
    if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      return false;
    }
    subscriptions.add(Api.id(message.taskId()));
    return true;
  }

  /** Notes that the reply to a subscribe sent the transfer's state made of {@code stored}. */
  synchronized void replayed(ProgressEvent stored) {
    replayed.put(stored.transferId(), stored);
  }

  synchronized void unsubscribe(ClientMessage message) {
    if (message.all()) {
      all = false;
      subscriptions.clear();
      held.clear();
      holding = false;
      lastProgress.clear();
      replayed.clear();
    } else {
      long id = Api.id(message.taskId());
      subscriptions.remove(id);
      replayed.remove(id);
      if (!all) {
        held.remove(id);
        lastProgress.remove(id); // its end will not come here to drop it
      }
    }
  }

  /** The transfers this client keeps something of (a time, a held snapshot, a reply); for tests. */
  synchronized int remembered() {
    return lastProgress.size() + held.size() + replayed.size();
  }

  /** Messages handed to the socket and not yet written. */
  int unsent() {
    return unsent.get();
  }

  /** Closes with {@code code} and {@code reason}, and cuts the connection if that is not read. */
  synchronized void close(int code, String reason) {
    if (closing) {
      return;
    }
    closing = true;
    held.clear();
    holding = false;
    WebSockets.sendClose(code, reason, channel, null);
    channel
        .getIoThread()
        .executeAfter(() -> IoUtils.safeClose(channel), GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A progress message held back, with the start of the sink's batch that brought it. */
  private record Held(String json, long receivedNanos) {}
}
