// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Sends events to one webhook as a well-behaved bot: per transfer one request in flight and the
 * latest state queued behind it, lifecycle events in order, progress at most once per interval, a
 * global cap of requests per minute, a server's 429 waits honoured, 5xx and connection errors
 * retried with capped exponential backoff and jitter, and every request cut by a timeout.
 *
 * <p>Design notes.
 *
 * <p>Threads: {@link #onEvent} runs on the sink's dispatch thread and only puts the event in an
 * inbox; it never waits on the network. One thread of this sink's own ({@code
 * flowmeter-webhook-<name>}) owns every lane, the gate and the timers; the {@link HttpClient} runs
 * on two more ({@code flowmeter-webhook-<name>-http}), and a reply comes back to the own thread as
 * a task. All are daemon threads, so none holds the JVM's exit.
 *
 * <p>Memory: the inbox holds at most {@link #MAX_INBOX} events (progress is refused past half of
 * it, lifecycle events only when it is full), lanes are at most {@link #MAX_LANES}, each with at
 * most {@link Lane#MAX_LIFECYCLE} lifecycle events and one snapshot, and a reply body at most
 * {@link Reply#MAX_BODY} bytes. What does not fit is counted and said in one line.
 *
 * <p>Failures: the first is said once (the URL masked), the recovery once. An event that still
 * fails after the retries is dropped, said once with the count. Progress is retried at most twice
 * and gives way to a newer snapshot; lifecycle events get every retry: they are kept longest.
 */
final class WebhookSink implements ProgressSink {
  static final int MAX_INBOX = 10_000;
  static final int MAX_LANES = 1_000;

  /** Requests in flight at once, over all transfers. */
  static final int MAX_IN_FLIGHT = 8;

  /** The least backoff after a failure, doubled each time, and the most. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** 429s in a row for one event before it is dropped. */
  static final int MAX_THROTTLED = 10;

  /** What a sink is set to do. */
  record Settings(
      String name,
      SecretUrl url,
      Format format,
      EventFilter events,
      Duration interval,
      Duration timeout,
      int perMinute,
      int retries,
      Duration closeWait) {}

  private final Settings settings;
  private final long interval;
  private final ScheduledThreadPoolExecutor own;
  private final ExecutorService http;

  private final Queue<ProgressEvent> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inboxSize = new AtomicInteger();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private volatile boolean closing;

  /**
   * {@link #unsent()} as the own thread last counted it, for {@link #close()} when that thread is
   * busy (still making the client in a JVM that exits at once) and cannot be asked.
   */
  private volatile long lastUnsent;

  // confined to the own thread
  private final Map<Long, Lane> lanes = new LinkedHashMap<>();
  private final RequestGate gate;
  private @Nullable HttpClient client;
  private int inFlight;
  private boolean failing;
  private @Nullable ScheduledFuture<?> wake;
  private long wakeAt;

  private WebhookSink(Settings settings) {
    this.settings = settings;
    this.interval = settings.interval.toNanos();
    this.gate = new RequestGate(settings.perMinute);
    this.own = new ScheduledThreadPoolExecutor(1, daemon("flowmeter-webhook-" + settings.name));
    own.setRemoveOnCancelPolicy(true);
    own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.http =
        Executors.newFixedThreadPool(2, daemon("flowmeter-webhook-" + settings.name + "-http"));
  }

  /**
   * The client, made on the first request and on this sink's own thread: making one loads the JDK's
   * TLS set-up (its trusted certificates), which would otherwise cost a noticeable time to the
   * application's thread that creates the sinks.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      c =
          HttpClient.newBuilder()
              .executor(http)
              .version(HttpClient.Version.HTTP_1_1) // a few small requests: no h2c upgrade dance
              .connectTimeout(settings.timeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      client = c;
    }
    return c;
  }

  /** Makes the sink and, on its own thread, its client, so the first event finds it ready. */
  static WebhookSink start(Settings settings) {
    WebhookSink sink = new WebhookSink(settings);
    sink.run(() -> sink.client());
    return sink;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
      t.setDaemon(true);
      return t;
    };
  }

  // ------------------------------------------------------------------ the dispatch thread

  @Override
  public void onEvent(ProgressEvent event) {
    if (!settings.events.accepts(event) && !event.isFinal()) {
      return;
    }
    int size = inboxSize.get();
    if (size >= MAX_INBOX || (!event.isLifecycle() && size >= MAX_INBOX / 2)) {
      drop(1, "its queue is full");
      return;
    }
    inboxSize.incrementAndGet();
    inbox.add(event);
    if (drainQueued.compareAndSet(false, true)) {
      run(this::takeInbox);
    }
  }

  /**
   * Waits up to {@code closeWait} for the lifecycle events still queued to be sent (progress still
   * queued is dropped: the last lifecycle event says more), then stops the threads.
   */
  @Override
  public void close() {
    closing = true;
    run(this::takeInbox);
    try {
      settled.get(settings.closeWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // counted below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // settled is never completed exceptionally
    }
    CompletableFuture<Long> left = new CompletableFuture<>();
    run(() -> left.complete(unsent()));
    long unsent;
    try {
      unsent = left.get(100, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // the own thread is busy or stuck: what it last counted, and what it never took
      unsent = lastUnsent + inboxSize.get();
    }
    own.shutdownNow();
    http.shutdownNow();
    if (unsent > 0) {
      Diagnostics.once(
          key("close"),
          label()
              + ": "
              + unsent
              + " event(s) not delivered to "
              + settings.url.masked()
              + " within "
              + settings.closeWait.toMillis()
              + " ms of exit");
    }
    long lost = dropped.get();
    if (lost > 0) {
      Diagnostics.once(
          key("dropped-total"),
          label()
              + ": "
              + lost
              + " event(s) for "
              + settings.url.masked()
              + " were dropped while it ran (queues full or sends failed), besides any not"
              + " delivered at exit");
    }
  }

  @Override
  public String toString() {
    return "WebhookSink("
        + settings.name
        + ", "
        + settings.format.word()
        + ", "
        + settings.url.masked()
        + ")";
  }

  // ------------------------------------------------------------------ the own thread

  private void run(Runnable task) {
    try {
      own.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      // closed: the JVM is exiting, and close() has said what was left
    }
  }

  /** Runs {@code task}, saying once what it threw: the executor would swallow it silently. */
  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      Diagnostics.once(key("bug"), label() + ": " + settings.url.scrub(Diagnostics.describe(e)), e);
    }
  }

  private void takeInbox() {
    drainQueued.set(false);
    long now = System.nanoTime();
    ProgressEvent event;
    while ((event = inbox.poll()) != null) {
      inboxSize.decrementAndGet();
      accept(event, now);
    }
    lastUnsent = unsent() - inboxSize.get();
    if (closing) {
      for (Lane lane : lanes.values()) {
        lane.latest = null;
        lane.notBefore = Math.min(lane.notBefore, now); // no backoff left to sit out at exit
      }
    }
    pump();
  }

  private void accept(ProgressEvent event, long now) {
    Lane lane = lanes.get(event.transferId());
    if (!settings.events.accepts(event)) {
      if (lane != null) {
        lane.ended = true; // a final event this webhook is not sent: the lane may go
      }
      return;
    }
    if (lane == null) {
      if (lanes.size() >= MAX_LANES) {
        drop(1, MAX_LANES + " transfers are waiting for it");
        return;
      }
      lane = new Lane(event.transferId(), now, interval);
      lanes.put(event.transferId(), lane);
    }
    if (!event.isLifecycle()) {
      if (!closing) {
        lane.latest = event;
      }
      return;
    }
    if (lane.lifecycle.size() >= Lane.MAX_LIFECYCLE) {
      drop(1, "a transfer has " + Lane.MAX_LIFECYCLE + " events waiting");
      return;
    }
    lane.lifecycle.add(event);
    lane.latest = null; // older than this event
    lane.ended |= event.isFinal();
  }

  /** Starts every request that may start now, and sets a timer for the next that may not. */
  private void pump() {
    long now = System.nanoTime();
    if (wake != null && wakeAt - now <= 0) {
      wake = null; // this is its run, or it is due and runs after: either way a new one may be set
    }
    long next = Long.MAX_VALUE;
    // lifecycle events first, so under a cap they go before progress
    outer:
    for (int pass = 0; pass < 2; pass++) {
      for (Lane lane : lanes.values()) {
        if (lane.sending != null) {
          continue;
        }
        ProgressEvent event = pass == 0 ? lane.lifecycle.peekFirst() : lane.next();
        if (event == null || (pass == 1 && event.isLifecycle())) {
          continue;
        }
        long due = lane.notBefore;
        if (!event.isLifecycle() && lane.lastSent + interval - due > 0) {
          due = lane.lastSent + interval;
        }
        if (due - now > 0) {
          next = earlier(next, due, now);
          continue;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
          break outer; // a reply pumps again
        }
        long wait = gate.delay(now);
        if (wait > 0) {
          next = earlier(next, now + wait, now);
          break outer;
        }
        send(lane, event, now);
      }
    }
    for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
      Lane lane = it.next();
      if (lane.ended && lane.idle()) {
        it.remove();
      }
    }
    long unsent = unsent();
    lastUnsent = unsent - inboxSize.get();
    if (closing && unsent == 0) {
      settled.complete(null);
    }
    if (next != Long.MAX_VALUE) {
      schedule(next, now);
    } else if (wake != null) {
      wake.cancel(false);
      wake = null;
    }
  }

  private static long earlier(long a, long b, long now) {
    return a == Long.MAX_VALUE || b - now < a - now ? b : a;
  }

  private void schedule(long at, long now) {
    if (wake != null && !wake.isDone() && wakeAt - at <= 0) {
      return; // an earlier wake-up is set: it pumps, and sets the next
    }
    if (wake != null) {
      wake.cancel(false);
    }
    wakeAt = at;
    wake = own.schedule(() -> guarded(this::pump), Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }

  /** Lifecycle events not yet delivered, queued or in flight. */
  private long unsent() {
    long n = 0;
    for (Lane lane : lanes.values()) {
      n += lane.lifecycle.size(); // one in flight is still at the head of its queue
    }
    return n + inboxSize.get();
  }

  private void send(Lane lane, ProgressEvent event, long now) {
    HttpRequest request = request(lane, event);
    if (request == null) {
      lane.remove(event); // nothing to send for it (a Discord edit without a message id)
      return;
    }
    lane.sending = event;
    lane.lastSent = now;
    inFlight++;
    gate.record(now);
    client()
        .sendAsync(request, Reply.bodyHandler())
        .orTimeout(settings.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS) // a guard only
        .whenComplete((response, error) -> run(() -> replied(lane, event, response, error)));
  }

  private @Nullable HttpRequest request(Lane lane, ProgressEvent event) {
    URI uri = settings.url.uri();
    String method = "POST";
    if (settings.format == Format.DISCORD) {
      if (lane.messageId != null) {
        uri = settings.url.editMessage(lane.messageId);
        method = "PATCH";
      } else if (lane.noMessageId && !event.isLifecycle()) {
        return null;
      } else {
        uri = settings.url.createMessage();
      }
    }
    return HttpRequest.newBuilder(uri)
        .timeout(settings.timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "flowmeter-webhook")
        .method(method, HttpRequest.BodyPublishers.ofString(settings.format.body(event)))
        .build();
  }

  private void replied(
      Lane lane,
      ProgressEvent event,
      @Nullable HttpResponse<String> response,
      @Nullable Throwable error) {
    inFlight--;
    lane.sending = null;
    long now = System.nanoTime();
    if (response == null) {
      failed(lane, event, describe(error), now);
    } else {
      Reply reply = Reply.of(response);
      reply.bucketEmptyFor().ifPresent(wait -> gate.pauseUntil(now + wait.toNanos()));
      int status = reply.status;
      if (status / 100 == 2) {
        delivered(lane, event, reply);
      } else if (status == 429) {
        throttled(lane, event, reply, now);
      } else if (status >= 500 || status == 408) {
        failed(lane, event, "answered HTTP " + status, now);
      } else if (status == 404 && lane.messageId != null) {
        lane.messageId = null; // the message was deleted: the next request creates a new one
      } else {
        rejected(lane, event, status);
      }
    }
    pump();
  }

  private void delivered(Lane lane, ProgressEvent event, Reply reply) {
    if (settings.format == Format.DISCORD && lane.messageId == null && !lane.noMessageId) {
      String id = reply.member("id").orElse("");
      if (id.matches("[0-9A-Za-z_-]{1,64}")) {
        lane.messageId = id;
      } else {
        lane.noMessageId = true;
        Diagnostics.once(
            key("no-id"),
            label()
                + ": "
                + settings.url.masked()
                + " gave no message id when asked with wait=true, so its messages cannot be"
                + " edited; only lifecycle events are sent");
      }
    }
    lane.remove(event);
    if (failing) {
      failing = false;
      Diagnostics.once(key("recovered"), label() + ": " + settings.url.masked() + " answers again");
    }
  }

  private void failed(Lane lane, ProgressEvent event, String why, long now) {
    failing = true;
    lane.attempts++;
    int limit = event.isLifecycle() ? settings.retries : Math.min(settings.retries, 2);
    Diagnostics.once(
        key("failing"),
        label()
            + ": "
            + settings.url.masked()
            + " "
            + why
            + "; retrying with backoff, up to "
            + settings.retries
            + " time(s) per event");
    if (lane.attempts > limit || (!event.isLifecycle() && lane.latest != event)) {
      boolean superseded = !event.isLifecycle() && lane.latest != event;
      lane.remove(event);
      if (!superseded) {
        drop(1, "it kept failing (" + why + ")");
      }
    }
    lane.notBefore = now + backoff(lane.attempts);
  }

  private void throttled(Lane lane, ProgressEvent event, Reply reply, long now) {
    Duration wait = reply.retryAfter().orElse(Duration.ofSeconds(1));
    gate.pauseUntil(now + wait.toNanos()); // one webhook, one bucket: every transfer waits
    Diagnostics.once(
        key("429"),
        label()
            + ": "
            + settings.url.masked()
            + " is rate limiting (HTTP 429); waiting as it asks ("
            + wait.toMillis()
            + " ms this time)");
    if (++lane.throttled > MAX_THROTTLED) {
      lane.remove(event);
      drop(1, "it answered 429 " + MAX_THROTTLED + " times in a row");
    }
  }

  private void rejected(Lane lane, ProgressEvent event, int status) {
    lane.remove(event);
    Diagnostics.once(
        key("rejected-" + status),
        label()
            + ": "
            + settings.url.masked()
            + " answered HTTP "
            + status
            + " (is the URL right?); the events it refuses are dropped");
  }

  /** Full jitter over a capped exponential: a random time in the upper half of the step. */
  static long backoff(int attempt) {
    long step = FIRST_BACKOFF.toNanos() << Math.min(Math.max(attempt - 1, 0), 16);
    step = Math.min(step, MAX_BACKOFF.toNanos());
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  private String describe(@Nullable Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      return "did not answer within " + settings.timeout.toMillis() + " ms";
    }
    if (t == null) {
      return "failed";
    }
    return "cannot be reached (" + settings.url.scrub(Diagnostics.describe(t)) + ")";
  }

  private void drop(long n, String why) {
    long before = dropped.getAndAdd(n);
    if (before == 0) {
      Diagnostics.once(
          key("dropped"),
          label() + ": events for " + settings.url.masked() + " are being dropped: " + why);
    }
  }

  /** Events dropped so far. */
  long dropped() {
    return dropped.get();
  }

  private String label() {
    return "webhook sink '" + settings.name + "'";
  }

  private String key(String what) {
    return "webhook." + settings.name + "." + what;
  }
}
