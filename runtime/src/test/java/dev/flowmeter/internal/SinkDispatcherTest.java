// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lifecycle order, coalescing and isolation of sinks behind their dispatchers. */
final class SinkDispatcherTest {
  // a strong reference: java.util.logging keeps loggers weakly, and a collected logger would
  // take the test's handler with it
  private final Logger flowmeterLogger = Logger.getLogger("dev.flowmeter");
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (logged) {
            logged.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    flowmeterLogger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    flowmeterLogger.removeHandler(handler);
    tracker.shutdown();
  }

  private RecordingSink sink(String name, Duration interval, int maxFailures) {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher(name, sink, interval.toNanos(), maxFailures));
    return sink;
  }

  @Test
  void lifecycle_deliveredOnceInOrderWithProgressBetween() throws Exception {
    RecordingSink sink = sink("record", Duration.ZERO, 5);
    List<Transfer> transfers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      transfers.add(tracker.builder().name("t" + i).totalBytes(1000).start());
    }
    Thread app =
        new Thread(
            () -> {
              for (int step = 0; step < 10; step++) {
                for (Transfer t : transfers) {
                  t.advance(100);
                }
              }
              for (int i = 0; i < transfers.size(); i++) {
                Transfer t = transfers.get(i);
                if (i % 3 == 0) {
                  t.saving();
                }
                if (i % 2 == 0) {
                  t.complete();
                } else {
                  t.fail("boom " + i);
                }
                t.cancel(); // too late: the first final call won
              }
            });
    app.start();
    while (app.isAlive()) {
      time.advance(Duration.ofMillis(100));
      tracker.sample();
    }
    app.join();
    for (Transfer t : transfers) {
      assertThat(sink.awaitFinal(t.id())).isTrue();
    }
    assertThat(tracker.flush(10_000)).isTrue();

    for (Transfer t : transfers) {
      List<ProgressEvent> events = sink.events(t.id());
      assertThat(events.get(0).isLifecycle()).isTrue();
      assertThat(events.get(0).status()).isEqualTo(Status.STARTING);
      ProgressEvent last = events.get(events.size() - 1);
      assertThat(last.isFinal()).isTrue();
      assertThat(events.stream().filter(ProgressEvent::isFinal)).hasSize(1);
      assertThat(last.status()).isEqualTo(t.id() % 2 == 1 ? Status.COMPLETED : Status.FAILED);
      long previous = -1;
      for (ProgressEvent e : events) {
        assertThat(e.bytes()).isGreaterThanOrEqualTo(previous);
        previous = e.bytes();
      }
      assertThat(last.bytes()).isEqualTo(1000);
    }
  }

  @Test
  void progress_slowSinkSeesLatestStateNotBacklog() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink slow = sink("slow", Duration.ZERO, 5);
    slow.before(
        e -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        });
    Transfer t = tracker.builder().name("big").totalBytes(100_000).start();
    for (int i = 0; i < 1000; i++) {
      t.advance(100);
      time.advance(Duration.ofMillis(100));
      tracker.sample();
    }
    release.countDown();
    t.complete();
    assertThat(slow.awaitFinal(t.id())).isTrue();

    List<ProgressEvent> progress =
        slow.events(t.id()).stream().filter(e -> !e.isLifecycle()).toList();
    // 1000 samples were taken; the blocked sink sees at most a couple, the last one current
    assertThat(progress.size()).isLessThanOrEqualTo(3);
    assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(100_000);
  }

  @Test
  void interval_limitsProgressButNotLifecycle() throws Exception {
    RecordingSink sink = sink("slowrate", Duration.ofHours(1), 5);
    Transfer t = tracker.builder().name("x").start();
    assertThat(RecordingSink.await(() -> sink.events(t.id()).size() == 1)).isTrue();
    for (int i = 0; i < 50; i++) {
      t.advance(10);
      time.advance(Duration.ofMillis(100));
      tracker.sample();
    }
    t.complete();
    // the final lifecycle event wakes the dispatcher at once, even inside an hour-long interval
    assertThat(sink.awaitFinal(t.id())).isTrue();
    List<ProgressEvent> events = sink.events(t.id());
    // 50 samples in one interval: at most the one taken while the first batch was still being
    // delivered, and the latest one, delivered ahead of the final event
    assertThat(events.stream().filter(e -> !e.isLifecycle()).count()).isLessThanOrEqualTo(2);
    assertThat(events.get(events.size() - 1).bytes()).isEqualTo(500);
  }

  /** Waits for {@code latch}, at most 10 s, from a sink's thread. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Advances {@code t} by {@code bytes}, then the clock by 100 ms, then runs a reporter's pass. */
  private void step(Transfer t, long bytes) {
    t.advance(bytes);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
  }

  @Test
  void aSinkAddedWhileATransferRuns_getsItsProgressFromTheNextPass_thenItsEnd() {
    RecordingSink early = sink("early", Duration.ZERO, 5);
    Transfer t = tracker.builder().name("long").totalBytes(1000).start();
    step(t, 100);
    assertThat(tracker.flush(10_000)).isTrue();
    RecordingSink late = sink("late", Duration.ZERO, 5); // it never had the start
    step(t, 200);
    assertThat(tracker.flush(10_000)).isTrue();
    step(t, 300);
    t.complete();
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(late.events(t.id()))
        .extracting(ProgressEvent::status, ProgressEvent::bytes)
        .containsExactly(
            tuple(Status.IN_PROGRESS, 300L),
            tuple(Status.IN_PROGRESS, 600L),
            tuple(Status.COMPLETED, 600L));
    // the sink that had it all along got each snapshot once, the pushed one included
    assertThat(early.events(t.id()))
        .extracting(ProgressEvent::status, ProgressEvent::bytes)
        .containsExactly(
            tuple(Status.STARTING, 0L),
            tuple(Status.IN_PROGRESS, 100L),
            tuple(Status.IN_PROGRESS, 300L),
            tuple(Status.IN_PROGRESS, 600L),
            tuple(Status.COMPLETED, 600L));
  }

  @Test
  void aListenerAddedToARunningTransfer_getsItsProgress() {
    Transfer t = tracker.builder().name("long").totalBytes(1000).start();
    step(t, 100);
    List<ProgressEvent> heard = Collections.synchronizedList(new ArrayList<>());
    t.addListener(heard::add);
    step(t, 100);
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(heard).extracting(ProgressEvent::bytes).containsExactly(200L);
    step(t, 100);
    t.complete();
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(heard)
        .extracting(ProgressEvent::status, ProgressEvent::bytes)
        .containsExactly(
            tuple(Status.IN_PROGRESS, 200L),
            tuple(Status.IN_PROGRESS, 300L),
            tuple(Status.COMPLETED, 300L));
  }

  @Test
  void aSnapshotSampledBetweenTwoLifecycleEventsStillWaiting_isDeliveredBetweenThem() {
    // the sink blocks on the start, so the start, the saving phase and the end wait together
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink sink = sink("blocked", Duration.ofHours(1), 5);
    sink.before(e -> awaitQuietly(release));
    Transfer first = tracker.builder().name("first").start(); // the sink blocks on it
    Transfer t = tracker.builder().name("t").totalBytes(1000).start();
    step(t, 400); // sampled after the start, before saving
    t.saving();
    t.advance(600);
    t.complete();
    first.complete();
    release.countDown();
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(sink.events(t.id()))
        .extracting(ProgressEvent::status, ProgressEvent::bytes)
        .containsExactly(
            tuple(Status.STARTING, 0L),
            tuple(Status.IN_PROGRESS, 400L),
            tuple(Status.SAVING, 400L),
            tuple(Status.COMPLETED, 1000L));
  }

  @Test
  void aSnapshotSampledAfterASavingPhaseTheSinkHasNotHad_waitsForIt() {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink sink = sink("blocked", Duration.ZERO, 5);
    sink.before(e -> awaitQuietly(release));
    Transfer first = tracker.builder().name("first").start(); // the sink blocks on it
    Transfer t = tracker.builder().name("t").totalBytes(1000).start();
    t.saving();
    step(t, 700); // a snapshot in the saving phase, before the sink had the start
    release.countDown();
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(sink.events(t.id()))
        .extracting(ProgressEvent::status, ProgressEvent::bytes)
        .containsExactly(
            tuple(Status.STARTING, 0L), tuple(Status.SAVING, 0L), tuple(Status.SAVING, 700L));
    first.complete();
    t.complete();
  }

  @Test
  void interval_holdsProgressEvenWhileOtherTransfersLifecycleEventsWakeTheSink() throws Exception {
    RecordingSink sink = sink("paced", Duration.ofHours(1), 5);
    Transfer steady = tracker.builder().name("steady").totalBytes(1_000_000).start();
    assertThat(RecordingSink.await(() -> sink.events(steady.id()).size() == 1)).isTrue();
    steady.advance(1);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    // its first snapshot goes with the first wake-up; every later one waits for the hour, or for
    // a lifecycle event of its own
    for (int i = 0; i < 40; i++) {
      steady.advance(100);
      time.advance(Duration.ofMillis(100));
      tracker.sample(); // a newer snapshot of steady waits in the queue...
      Transfer other = tracker.builder().name("other" + i).start(); // ...when this wakes the sink
      other.complete();
      assertThat(sink.awaitFinal(other.id())).isTrue();
    }
    // steady's later snapshots were held through all 80 wake-ups: none reached the sink in the hour
    assertThat(sink.events(steady.id())).hasSize(2);

    steady.saving(); // its own lifecycle event is never delayed, and brings its latest snapshot
    assertThat(RecordingSink.await(() -> sink.events(steady.id()).size() >= 3)).isTrue();
    List<ProgressEvent> events = sink.events(steady.id());
    assertThat(events.get(events.size() - 1).status()).isEqualTo(Status.SAVING);
    assertThat(events.stream().filter(e -> !e.isLifecycle()).count()).isLessThanOrEqualTo(2);

    steady.advance(5);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    assertThat(tracker.flush(10_000)).isTrue(); // a flush delivers what is held
    ProgressEvent latest = sink.events(steady.id()).get(sink.events(steady.id()).size() - 1);
    assertThat(latest.bytes()).isEqualTo(4006);
    steady.complete();
    assertThat(sink.awaitFinal(steady.id())).isTrue();
    assertThat(sink.events(steady.id()).stream().filter(ProgressEvent::isFinal)).hasSize(1);
  }

  @Test
  void pacedSinks_underTenThousandTransfersFromEightThreads_getEachLifecycleOnceInOrder()
      throws Exception {
    // an hour (everything after a transfer's first snapshot is held), a millisecond, and none
    List<RecordingSink> sinks =
        List.of(
            sink("hour", Duration.ofHours(1), 5),
            sink("milli", Duration.ofMillis(1), 5),
            sink("none", Duration.ZERO, 5));
    int threads = 8;
    int each = 1250;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> apps = new ArrayList<>();
    List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread app =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                List<Transfer> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  Transfer transfer = tracker.builder().name(thread + "-" + i).start();
                  ids.add(transfer.id());
                  mine.add(transfer);
                  transfer.advance(1);
                }
                for (int i = 0; i < each; i++) {
                  Transfer transfer = mine.get(i);
                  transfer.advance(10);
                  switch (i % 4) {
                    case 0:
                      transfer.complete();
                      break;
                    case 1:
                      transfer.saving();
                      transfer.advance(1);
                      transfer.complete();
                      break;
                    case 2:
                      transfer.fail("broken");
                      break;
                    default:
                      transfer.cancel();
                  }
                }
              });
      app.start();
      apps.add(app);
    }
    go.countDown();
    while (apps.stream().anyMatch(Thread::isAlive)) {
      time.advance(Duration.ofMillis(100));
      tracker.sample(); // snapshots of the running transfers, offered while they start and end
    }
    for (Thread app : apps) {
      app.join();
    }
    assertThat(tracker.flush(60_000)).isTrue();
    assertThat(ids).hasSize(threads * each);
    for (RecordingSink sink : sinks) {
      Map<Long, List<ProgressEvent>> byTransfer =
          sink.events().stream().collect(Collectors.groupingBy(ProgressEvent::transferId));
      assertThat(byTransfer.keySet()).containsAll(ids);
      for (long id : ids) {
        List<ProgressEvent> events = byTransfer.get(id);
        List<Status> lifecycle =
            events.stream()
                .filter(ProgressEvent::isLifecycle)
                .map(ProgressEvent::status)
                .collect(Collectors.toList());
        assertThat(lifecycle.get(0)).as("%s", events).isEqualTo(Status.STARTING);
        assertThat(lifecycle.stream().filter(Status::isFinal)).as("%s", events).hasSize(1);
        assertThat(events.get(events.size() - 1).isFinal()).as("%s", events).isTrue();
        assertThat(lifecycle).as("%s", events).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void aSinkSwitchedOffWhileProgressIsHeld_keepsNoneOfIt() throws Exception {
    RecordingSink sink = new RecordingSink();
    SinkDispatcher dispatcher =
        new SinkDispatcher("off", sink, Duration.ofHours(1).toNanos(), 1, Long.MAX_VALUE);
    tracker.addSink(dispatcher);
    List<Transfer> running = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      running.add(tracker.builder().name("t" + i).totalBytes(1_000).start());
    }
    for (int round = 0; round < 2; round++) { // the first snapshots go, the second ones are held
      for (Transfer transfer : running) {
        transfer.advance(1);
      }
      time.advance(Duration.ofMillis(100));
      tracker.sample();
      Transfer other = tracker.builder().name("wake" + round).start(); // wakes the sink
      other.complete();
      assertThat(sink.awaitFinal(other.id())).isTrue();
    }
    sink.before(
        e -> {
          throw new IllegalStateException("broken");
        });
    Transfer last = tracker.builder().name("last").start(); // the sink throws: switched off
    assertThat(RecordingSink.await(dispatcher::isOff)).isTrue();
    assertThat(RecordingSink.await(() -> !dispatcher.isRunning())).isTrue();
    // what waited for it is dropped, the held snapshots as well as the queue
    assertThat(dispatcher.holdsNothing()).isTrue();
    last.complete();
  }

  @Test
  void throwingSink_saidOnceInOneLineThenSwitchedOff_othersUnaffected() {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(said, true, StandardCharsets.UTF_8));
    try {
      RecordingSink bad = sink("bad", Duration.ZERO, 3);
      bad.before(
          e -> {
            throw new IllegalStateException("sink bug");
          });
      RecordingSink good = sink("good", Duration.ZERO, 3);
      List<Transfer> transfers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Transfer t = tracker.builder().name("t" + i).start();
        t.advance(5);
        t.complete();
        transfers.add(t);
      }
      for (Transfer t : transfers) {
        assertThat(good.awaitFinal(t.id())).isTrue();
      }
      assertThat(tracker.flush(10_000))
          .as("the switched-off sink does not have everything")
          .isFalse();
      assertThat(good.events()).hasSize(20);
      assertThat(bad.events()).isEmpty();
      // the line follows the switch, on the sink's thread
      assertThat(RecordingSink.await(() -> said.toString(StandardCharsets.UTF_8).contains("after")))
          .isTrue();
      String text = said.toString(StandardCharsets.UTF_8);
      assertThat(text.lines())
          .containsExactly(
              "flowmeter: sink 'bad' failed (IllegalStateException: sink bug); it is switched off"
                  + " if it fails 3 times in a row",
              "flowmeter: sink 'bad' is switched off after 3 failures in a row"
                  + " (flowmeter.sink-failures=3); it misses every event from now on, and flush()"
                  + " returns false");
      assertThat(text).doesNotContain("\tat ");
    } finally {
      Diagnostics.redirect(null);
      Diagnostics.reset();
    }
  }

  @Test
  void blockingSink_delaysNobodyElse() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink stuck = sink("stuck", Duration.ZERO, 3);
    stuck.before(
        e -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        });
    RecordingSink free = sink("free", Duration.ZERO, 3);
    Transfer t = tracker.builder().name("x").start();
    t.advance(1);
    t.complete(); // returns although one sink is blocked
    assertThat(free.awaitFinal(t.id())).isTrue();
    assertThat(stuck.events()).isEmpty();
    release.countDown();
    assertThat(stuck.awaitFinal(t.id())).isTrue();
  }

  @Test
  void listeners_throwingOneIsIsolated() {
    List<ProgressEvent> seen = new ArrayList<>();
    ProgressListener bad =
        e -> {
          throw new IllegalStateException("listener bug");
        };
    ProgressListener good =
        e -> {
          synchronized (seen) {
            seen.add(e);
          }
        };
    tracker.addListener(bad);
    tracker.addListener(good);
    List<ProgressEvent> perTransfer = new ArrayList<>();
    Transfer t =
        tracker
            .builder()
            .name("x")
            .listener(bad)
            .listener(
                e -> {
                  synchronized (perTransfer) {
                    perTransfer.add(e);
                  }
                })
            .start();
    t.advance(3);
    assertThat(t.complete()).isTrue();
    assertThat(tracker.flush(10_000)).isTrue();
    synchronized (seen) {
      assertThat(seen)
          .extracting(ProgressEvent::status)
          .containsExactly(Status.STARTING, Status.COMPLETED);
    }
    synchronized (perTransfer) {
      assertThat(perTransfer)
          .extracting(ProgressEvent::status)
          .containsExactly(Status.STARTING, Status.COMPLETED);
    }
    assertThat(t.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void transferListener_getsItsFinalEvent_evenWithNoRetention() {
    Tracker noRetention =
        time.tracker(
            new Tracker.Settings(
                Duration.ofMillis(100), 0.5, Duration.ZERO, 0, Duration.ofSeconds(2), 5));
    try {
      List<ProgressEvent> seen = new ArrayList<>();
      Transfer t =
          noRetention
              .builder()
              .name("x")
              .listener(
                  e -> {
                    synchronized (seen) {
                      seen.add(e);
                    }
                  })
              .start();
      t.advance(7);
      t.complete();
      assertThat(noRetention.find(t.id())).as("forgotten at once").isNull();
      assertThat(noRetention.flush(10_000)).isTrue();
      synchronized (seen) {
        assertThat(seen)
            .extracting(ProgressEvent::status)
            .containsExactly(Status.STARTING, Status.COMPLETED);
        assertThat(seen.get(1).bytes()).isEqualTo(7);
      }
    } finally {
      noRetention.shutdown();
    }
  }

  // ---------------------------------------------------------------- the bound
  // (flowmeter.sink-backlog)

  private static final int BOUND = 50;
  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_500; // 10,000 transfers: 200 times the bound

  /** About a millisecond per event: slower than the transfers below, but never stuck. */
  private static void slowly(ProgressEvent event) {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hostile-user finding: a sink that takes 1 ms per event, fed short transfers faster than that
   * for ever, was never stalled, so never cut off, and its backlog grew until the heap ran out.
   */
  @Test
  void slowSink_fedFarMoreTransfersThanItsBound_staysWithinIt_missingWholeTransfersOnly()
      throws Exception {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      RecordingSink slow = new RecordingSink().before(SinkDispatcherTest::slowly);
      SinkDispatcher dispatcher = new SinkDispatcher("slow", slow, 0, 5, 0, BOUND);
      tracker.addSink(dispatcher);

      assertWithinBoundAndWhole(tracker, dispatcher, slow::events, said, "sink 'slow'");
    }
  }

  /** The same finding with a global listener: it has a dispatcher, and a bound, of its own. */
  @Test
  void slowListener_fedFarMoreTransfersThanItsBound_staysWithinIt_missingWholeTransfersOnly()
      throws Exception {
    Tracker.Settings d = Tracker.Settings.defaults();
    Tracker bounded =
        time.tracker(
            new Tracker.Settings(
                d.interval,
                d.smoothing,
                d.retention,
                d.retentionCount,
                d.shutdownTimeout,
                d.sinkFailures,
                d.stallTimeout,
                BOUND));
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      List<ProgressEvent> seen = Collections.synchronizedList(new ArrayList<>());
      ProgressListener slow =
          new ProgressListener() {
            @Override
            public void onEvent(ProgressEvent event) {
              slowly(event);
              seen.add(event);
            }

            @Override
            public String toString() {
              return "slow-one";
            }
          };
      bounded.addListener(slow);
      SinkDispatcher dispatcher =
          bounded.dispatchers().stream()
              .filter(l -> l.name().equals("listener slow-one"))
              .findFirst()
              .orElseThrow();

      assertWithinBoundAndWhole(
          bounded,
          dispatcher,
          () -> {
            synchronized (seen) {
              return new ArrayList<>(seen);
            }
          },
          said,
          "listener slow-one");
    } finally {
      bounded.shutdown();
    }
  }

  /**
   * Feeds {@code THREADS * PER_THREAD} short transfers to {@code tracker}, while the test thread
   * samples them; then checks that {@code dispatcher} never had more than {@code BOUND} transfers
   * in hand, that what it got it got whole (starting first, completed last, once each) and missed
   * the rest whole, said so once and at flush (and not again at exit), and that flush says it does
   * not have everything.
   */
  private static void assertWithinBoundAndWhole(
      Tracker tracker,
      SinkDispatcher dispatcher,
      Supplier<List<ProgressEvent>> received,
      CapturedDiagnostics said,
      String label)
      throws InterruptedException {
    AtomicInteger most = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      Thread worker =
          new Thread(
              () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                  Transfer t = tracker.builder().name("t").totalBytes(100).start();
                  most.accumulateAndGet(dispatcher.pending(), Math::max);
                  t.advance(100);
                  t.complete();
                  most.accumulateAndGet(dispatcher.pending(), Math::max);
                }
              });
      workers.add(worker);
      worker.start();
    }
    while (workers.stream().anyMatch(Thread::isAlive)) {
      tracker.sample(); // progress snapshots of the running ones: they never take room
      most.accumulateAndGet(dispatcher.pending(), Math::max);
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(most.get()).as("the most transfers in hand").isLessThanOrEqualTo(BOUND);
    assertThat(tracker.flush(60_000)).as("flush: the sink does not have everything").isFalse();
    assertThat(dispatcher.pending()).as("what it had in hand was delivered").isZero();
    Map<Long, List<Status>> lifecycle =
        received.get().stream()
            .filter(ProgressEvent::isLifecycle)
            .collect(
                Collectors.groupingBy(
                    ProgressEvent::transferId,
                    Collectors.mapping(ProgressEvent::status, Collectors.toList())));
    assertThat(lifecycle.values())
        .as("every transfer it got, it got whole")
        .allSatisfy(l -> assertThat(l).containsExactly(Status.STARTING, Status.COMPLETED));
    long missed = dispatcher.missed();
    assertThat(missed).as("it missed transfers").isPositive();
    assertThat(lifecycle.size() + missed)
        .as("each transfer was either given whole or counted as missed")
        .isEqualTo(THREADS * PER_THREAD);
    assertThat(said.lines())
        .containsExactly(
            "flowmeter: "
                + label
                + " fell 50 transfers behind (flowmeter.sink-backlog): transfers that start while"
                + " it is this far behind are not sent to it (none of their events); raise"
                + " flowmeter.sink-backlog to keep them",
            "flowmeter: "
                + label
                + " missed "
                + missed
                + " transfer(s) so far, refused while it was 50 transfers behind"
                + " (flowmeter.sink-backlog)");
    tracker.shutdown();
    assertThat(said.lines()).as("the same number is not said again at exit").hasSize(2);
  }

  /**
   * An ended transfer waiting for a slow sink is kept as its events only: not its counter, speed
   * meter, children or listeners (it cost about 800 bytes, and now the events and a slot).
   */
  @Test
  void endedTransferWaitingForABlockedSink_isNotKeptAlive() {
    Tracker.Settings d = Tracker.Settings.defaults();
    Tracker noRetention =
        time.tracker(
            new Tracker.Settings(
                d.interval, d.smoothing, Duration.ZERO, 0, d.shutdownTimeout, d.sinkFailures));
    CountDownLatch release = new CountDownLatch(1);
    try {
      RecordingSink blocked =
          new RecordingSink()
              .before(
                  e -> {
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                      Thread.currentThread().interrupt();
                    }
                  });
      noRetention.addSink(new SinkDispatcher("blocked", blocked, 0, 5));
      noRetention.builder().name("first").start(); // the sink blocks on this one's start
      long[] id = new long[1];
      WeakReference<Transfer> ended = startAndEnd(noRetention, id);

      assertThat(
              RecordingSink.await(
                  () -> {
                    System.gc();
                    return ended.get() == null;
                  }))
          .as("the ended transfer is collected while its events wait")
          .isTrue();
      release.countDown();
      assertThat(noRetention.flush(10_000)).isTrue();
      assertThat(blocked.events(id[0]))
          .extracting(ProgressEvent::status, ProgressEvent::bytes)
          .containsExactly(tuple(Status.STARTING, 0L), tuple(Status.COMPLETED, 64L));
    } finally {
      release.countDown();
      noRetention.shutdown();
    }
  }

  /** Starts and ends a transfer, and keeps only a weak reference to it (and its id). */
  private static WeakReference<Transfer> startAndEnd(Tracker tracker, long[] id) {
    Transfer t = tracker.builder().name("ended").listener(e -> {}).start();
    id[0] = t.id();
    t.advance(64);
    t.complete();
    return new WeakReference<>(t);
  }

  @Test
  void shutdown_cancelsRunningTransfersFlushesAndClosesSinks() {
    RecordingSink sink = sink("record", Duration.ofHours(1), 5);
    Transfer running = tracker.builder().name("running").start();
    Transfer pending = tracker.builder().name("waiting").pending();
    running.advance(42);
    tracker.shutdown();
    assertThat(sink.isClosed()).isTrue();
    assertThat(sink.events(running.id()))
        .last()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(Status.CANCELLED);
              assertThat(e.error()).contains("JVM shutting down");
              assertThat(e.bytes()).isEqualTo(42);
            });
    assertThat(sink.events(pending.id()))
        .last()
        .extracting(ProgressEvent::status)
        .isEqualTo(Status.CANCELLED);
  }
}
