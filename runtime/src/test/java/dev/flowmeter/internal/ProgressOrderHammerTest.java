// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eight application threads start, save and end thousands of transfers while the reporter samples
 * in a loop, and sinks are fast, slow, blocked for a while, throwing, or join late: each sink sees
 * each transfer's events in the order they happened, never progress older than a lifecycle event it
 * had, nor anything after the end.
 */
final class ProgressOrderHammerTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 1500;

  private final ManualTime time = new ManualTime();
  private final Tracker tracker =
      time.tracker(
          new Tracker.Settings(
              Duration.ofMillis(100),
              0.5,
              Duration.ofHours(1),
              100,
              Duration.ofSeconds(10),
              Integer.MAX_VALUE));

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void lifecycleAndProgress_keepTheirOrderUnderLoad() throws Exception {
    RecordingSink fast = sink("fast", Duration.ZERO);
    RecordingSink slow = sink("slow", Duration.ofMillis(20)).before(e -> spin(200));
    CountDownLatch gate = new CountDownLatch(1);
    RecordingSink blocked =
        sink("blocked", Duration.ofMillis(5)).before(e -> RecordingSink.await(gate));
    AtomicInteger calls = new AtomicInteger();
    RecordingSink throwing =
        sink("throwing", Duration.ZERO)
            .before(
                e -> {
                  if (calls.incrementAndGet() % 7 == 0) {
                    throw new IllegalStateException("every seventh event");
                  }
                });
    Recorder perTransfer = new Recorder();
    List<RecordingSink> late = new ArrayList<>();
    List<Recorder> lateListeners = new ArrayList<>();

    AtomicBoolean appsDone = new AtomicBoolean();
    Thread reporter = reporter(appsDone);
    CountDownLatch half = new CountDownLatch(THREADS);
    List<Thread> apps = new ArrayList<>();
    Map<Long, Boolean> listened = new ConcurrentHashMap<>();
    for (int a = 0; a < THREADS; a++) {
      int seed = a;
      Thread app =
          new Thread(
              () -> {
                Random random = new Random(seed);
                ArrayDeque<Transfer> running = new ArrayDeque<>();
                for (int i = 0; i < PER_THREAD; i++) {
                  if (i == PER_THREAD / 2) {
                    half.countDown();
                  }
                  Transfer t =
                      tracker.builder().name("t" + seed + "-" + i).totalBytes(1000).start();
                  if (random.nextInt(10) == 0) {
                    t.addListener(perTransfer);
                    listened.put(t.id(), true);
                  }
                  running.add(t);
                  for (Transfer r : running) {
                    r.advance(random.nextInt(50));
                  }
                  if (running.size() > 20 || random.nextBoolean()) {
                    end(running.poll(), random);
                  }
                }
                while (!running.isEmpty()) {
                  end(running.poll(), random);
                }
              });
      app.start();
      apps.add(app);
    }
    assertThat(half.await(60, TimeUnit.SECONDS)).isTrue();
    // half way through: sinks and listeners join from several threads at once, the gate opens
    List<Thread> joiners = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      RecordingSink sink = new RecordingSink();
      Recorder listener = new Recorder();
      late.add(sink);
      lateListeners.add(listener);
      Thread joiner =
          new Thread(
              () -> {
                tracker.addSink(new SinkDispatcher("late", sink, 0, Integer.MAX_VALUE));
                tracker.addListener(listener);
              });
      joiner.start();
      joiners.add(joiner);
    }
    gate.countDown();
    for (Thread t : joiners) {
      t.join(30_000);
    }
    for (Thread app : apps) {
      app.join(120_000);
      assertThat(app.isAlive()).isFalse();
    }
    appsDone.set(true);
    reporter.join(30_000);
    assertThat(tracker.flush(60_000)).isTrue();

    long transfers = (long) THREADS * PER_THREAD;
    for (RecordingSink sink : List.of(fast, slow, blocked)) {
      Map<Long, List<ProgressEvent>> byTransfer = byTransfer(sink.events());
      assertThat(byTransfer).hasSize((int) transfers);
      byTransfer.values().forEach(events -> check(events, true));
    }
    byTransfer(throwing.events()).values().forEach(events -> check(events, false));
    Map<Long, List<ProgressEvent>> heard = byTransfer(perTransfer.events);
    assertThat(heard.keySet()).isEqualTo(listened.keySet());
    heard.values().forEach(events -> check(events, false));
    for (RecordingSink sink : late) {
      byTransfer(sink.events()).values().forEach(events -> check(events, false));
    }
    for (Recorder listener : lateListeners) {
      byTransfer(listener.events).values().forEach(events -> check(events, false));
    }
  }

  @Test
  void hundredThousandShortTransfers_throughSlowSinks_leaveNothingInHand_andTheRefusedGetNothing()
      throws Exception {
    RecordingSink slow = sink("slow", Duration.ofMillis(20)).before(e -> spin(50));
    RecordingSink bounded = new RecordingSink().before(e -> spin(400));
    SinkDispatcher boundedDispatcher =
        new SinkDispatcher("bounded", bounded, 0, Integer.MAX_VALUE, Long.MAX_VALUE, 1000);
    tracker.addSink(boundedDispatcher);
    SinkDispatcher slowDispatcher = tracker.sinks().get(0);
    AtomicBoolean appsDone = new AtomicBoolean();
    Thread reporter = reporter(appsDone);
    int threads = 4;
    int each = 25_000;
    List<Thread> apps = new ArrayList<>();
    for (int a = 0; a < threads; a++) {
      int seed = a;
      Thread app =
          new Thread(
              () -> {
                Random random = new Random(seed);
                for (int i = 0; i < each; i++) {
                  Transfer t = tracker.builder().name("s" + seed + "-" + i).totalBytes(100).start();
                  t.advance(random.nextInt(100));
                  end(t, random);
                }
              });
      app.start();
      apps.add(app);
    }
    for (Thread app : apps) {
      app.join(120_000);
      assertThat(app.isAlive()).isFalse();
    }
    appsDone.set(true);
    reporter.join(30_000);
    tracker.flush(60_000); // false when the bounded sink refused some: checked below

    assertThat(slowDispatcher.pending()).isZero();
    assertThat(boundedDispatcher.pending()).isZero();
    Map<Long, List<ProgressEvent>> all = byTransfer(slow.events());
    assertThat(all).hasSize(threads * each);
    all.values().forEach(events -> check(events, true));
    Map<Long, List<ProgressEvent>> got = byTransfer(bounded.events());
    got.values().forEach(events -> check(events, true)); // whole, or nothing at all
    assertThat(got.size() + boundedDispatcher.missed()).isEqualTo(threads * each);
    tracker.shutdown();
    assertThat(slowDispatcher.isRunning()).isFalse();
    assertThat(slowDispatcher.holdsNothing()).isTrue();
    assertThat(boundedDispatcher.holdsNothing()).isTrue();
  }

  @Test
  void sinksAndListenersJoiningAndLeavingOverAndOver_keepOrder_andTheLastHasEveryRunningOne()
      throws Exception {
    List<Transfer> running = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      running.add(tracker.builder().name("r" + i).totalBytes(1_000_000).start());
    }
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    threads.add(
        new Thread(
            () -> {
              Random random = new Random(1);
              while (!done.get()) {
                for (Transfer t : running) {
                  t.advance(random.nextInt(3));
                }
                time.advance(Duration.ofMillis(10));
                tracker.sample();
              }
            }));
    List<List<ProgressEvent>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int j = 0; j < 4; j++) {
      int seed = j;
      threads.add(
          new Thread(
              () -> {
                Random random = new Random(seed);
                for (int round = 0; round < 30; round++) {
                  RecordingSink sink = new RecordingSink();
                  Recorder listener = new Recorder();
                  tracker.addSink("joiner", sink, Duration.ofMillis(random.nextInt(3)));
                  tracker.addListener(listener);
                  Recorder own = new Recorder(); // apart: two dispatchers, two orders
                  running.get(random.nextInt(running.size())).addListener(own);
                  Thread.yield();
                  tracker.removeListener(listener);
                  tracker.removeSink(sink);
                  seen.addAll(byTransfer(sink.events()).values());
                  synchronized (listener) {
                    seen.addAll(byTransfer(listener.events).values());
                  }
                  synchronized (own) {
                    seen.addAll(byTransfer(own.events).values());
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads.subList(1, threads.size())) {
      t.join(120_000);
      assertThat(t.isAlive()).isFalse();
    }
    done.set(true);
    threads.get(0).join(30_000);
    for (List<ProgressEvent> events : seen) {
      check(events, false);
    }

    RecordingSink last = new RecordingSink();
    tracker.addSink("last", last, Duration.ZERO);
    tracker.sample();
    assertThat(tracker.flush(30_000)).isTrue();
    for (Transfer t : running) {
      List<ProgressEvent> events = last.events(t.id());
      assertThat(events).as("transfer %d", t.id()).isNotEmpty();
      assertThat(events.get(events.size() - 1).bytes()).isEqualTo(t.snapshot().bytes());
    }
  }

  @Test
  void aSinkSwitchedOffWhileEightThreadsOfferToIt_keepsNothingQueued() throws Exception {
    for (int trial = 0; trial < 40; trial++) {
      RecordingSink sink =
          new RecordingSink()
              .before(
                  e -> {
                    throw new IllegalStateException("broken");
                  });
      SinkDispatcher dispatcher = new SinkDispatcher("off" + trial, sink, 0, 1);
      tracker.addSink(dispatcher);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> apps = new ArrayList<>();
      for (int a = 0; a < THREADS; a++) {
        Thread app =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  for (int i = 0; i < 300; i++) {
                    Transfer t = tracker.builder().name("x").start();
                    t.advance(1);
                    t.complete();
                  }
                });
        app.start();
        apps.add(app);
      }
      go.countDown();
      for (Thread app : apps) {
        app.join(60_000);
        assertThat(app.isAlive()).isFalse();
      }
      assertThat(RecordingSink.await(dispatcher::isOff)).isTrue();
      assertThat(RecordingSink.await(() -> !dispatcher.isRunning())).isTrue();
      // a slot offered while the sink was switched off must not stay queued for ever
      assertThat(dispatcher.holdsNothing()).as("trial %d", trial).isTrue();
      assertThat(dispatcher.missed()).isEqualTo(THREADS * 300L - sink.events().size());
      tracker.sinks().remove(dispatcher);
    }
  }

  /** The reporter, on a thread of its own: a pass every 10 ms of the manual clock, until done. */
  private Thread reporter(AtomicBoolean done) {
    Thread reporter =
        new Thread(
            () -> {
              while (!done.get()) {
                time.advance(Duration.ofMillis(10));
                tracker.sample();
              }
            });
    reporter.start();
    return reporter;
  }

  private RecordingSink sink(String name, Duration interval) {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher(name, sink, interval.toNanos(), Integer.MAX_VALUE));
    return sink;
  }

  private static void end(Transfer t, Random random) {
    if (random.nextInt(3) == 0) {
      t.saving();
      t.advance(random.nextInt(10));
    }
    switch (random.nextInt(3)) {
      case 0 -> t.complete();
      case 1 -> t.fail("boom");
      default -> t.cancel();
    }
  }

  private static void spin(int n) {
    for (int i = 0; i < n; i++) {
      Thread.onSpinWait();
    }
  }

  private static Map<Long, List<ProgressEvent>> byTransfer(List<ProgressEvent> events) {
    Map<Long, List<ProgressEvent>> by = new HashMap<>();
    for (ProgressEvent e : events) {
      by.computeIfAbsent(e.transferId(), id -> new ArrayList<>()).add(e);
    }
    return by;
  }

  /**
   * One transfer's events as one sink saw them: {@code whole} when the sink had every event (its
   * start first, its end last); else (a sink that threw some away, one that joined late) at most
   * one start, first, and nothing after an end.
   */
  private static void check(List<ProgressEvent> events, boolean whole) {
    String where = events.get(0).transferId() + ": " + events;
    int rank = 0;
    long bytes = -1;
    for (int i = 0; i < events.size(); i++) {
      ProgressEvent e = events.get(i);
      assertThat(i == 0 || !events.get(i - 1).isFinal()).as("after the end " + where).isTrue();
      if (e.isLifecycle() && e.status() == Status.STARTING) {
        assertThat(i).as("a start not first " + where).isZero();
      }
      int r = rank(e.status());
      assertThat(r).as("status went back " + where).isGreaterThanOrEqualTo(rank);
      if (e.isLifecycle()) {
        rank = r;
      }
      assertThat(e.bytes()).as("bytes went back " + where).isGreaterThanOrEqualTo(bytes);
      bytes = e.bytes();
    }
    if (whole) {
      assertThat(events.get(0).status()).as(where).isEqualTo(Status.STARTING);
      assertThat(events.get(events.size() - 1).isFinal()).as(where).isTrue();
      assertThat(events.stream().filter(ProgressEvent::isLifecycle).count())
          .as(where)
          .isLessThanOrEqualTo(3);
    }
  }

  private static int rank(Status status) {
    return switch (status) {
      case PENDING -> 0;
      case STARTING -> 1;
      case IN_PROGRESS -> 2;
      case SAVING -> 3;
      default -> 4;
    };
  }

  /** A listener that records what it hears. */
  private static final class Recorder implements ProgressListener {
    final List<ProgressEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ProgressEvent event) {
      events.add(event);
    }
  }
}
