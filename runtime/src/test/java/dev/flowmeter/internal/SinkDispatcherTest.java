// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
      String text = said.toString(StandardCharsets.UTF_8);
      assertThat(text.lines())
          .containsExactly(
              "flowmeter: sink 'bad' failed (IllegalStateException: sink bug); it is switched off"
                  + " if it fails 3 times in a row");
      assertThat(text).doesNotContain("\tat ");
    } finally {
      Diagnostics.redirect(System.err);
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
