// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Transfer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pulled progress (ProgressCell, ProgressBoard) against flushes and sinks that join late. */
final class ProgressPullHostileTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void flushAfterASample_returnsOnlyOnceTheSinkHasTheSnapshot() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("record", sink, 0, 5));
    Transfer transfer = tracker.builder().name("t").totalBytes(1_000_000).start();
    assertThat(tracker.flush(10_000)).isTrue();
    for (int round = 1; round <= 200; round++) {
      transfer.advance(10);
      time.advance(Duration.ofMillis(100));
      tracker.sample();
      // the dispatcher parked idle after the last flush: the snapshot just written is not had yet
      assertThat(tracker.flush(10_000)).isTrue();
      List<ProgressEvent> events = sink.events(transfer.id());
      assertThat(events.get(events.size() - 1).bytes())
          .as("round %d", round)
          .isEqualTo(10L * round);
    }
  }

  @Test
  void listenerAddedWhileAPassSamples_getsTheRunningTransfersProgress() throws Exception {
    Transfer transfer = tracker.builder().name("t").totalBytes(1_000_000).start();
    CountDownLatch naming = new CountDownLatch(1);
    CountDownLatch sampled = new CountDownLatch(1);
    List<ProgressEvent> heard = new CopyOnWriteArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onEvent(ProgressEvent event) {
            heard.add(event);
          }

          @Override
          public String toString() {
            // the tracker names the listener while it adds it: a pass runs meanwhile
            naming.countDown();
            RecordingSink.await(sampled);
            return "slow-to-name";
          }
        };
    Thread adder = new Thread(() -> tracker.addListener(listener));
    adder.start();
    assertThat(naming.await(10, TimeUnit.SECONDS)).isTrue();
    transfer.advance(100);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    sampled.countDown();
    adder.join(10_000);
    assertThat(adder.isAlive()).isFalse();

    transfer.advance(100);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(heard).extracting(ProgressEvent::bytes).contains(200L);
  }

  @Test
  void snapshotPushedToASinkThatHasTheTransfer_neverComesAfterANewerOne() throws Exception {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("record", sink, 0, 5));
    Transfer a = tracker.builder().name("a").totalBytes(1000).start();
    Transfer b = tracker.builder().name("b").totalBytes(1000).start();
    advanceBoth(a, b); // 10: both in the sink's hands
    assertThat(tracker.flush(10_000)).isTrue();
    CountDownLatch pulling = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    sink.before(
        e -> {
          if (e.transferId() == a.id() && e.bytes() == 20) {
            pulling.countDown(); // the pull blocks at a, before it reaches b
            RecordingSink.await(gate);
          }
        });
    advanceBoth(a, b); // 20
    assertThat(pulling.await(10, TimeUnit.SECONDS)).isTrue();
    // a sink joins: the next pass pushes every running transfer to every dispatcher once
    tracker.addSink(new SinkDispatcher("joiner", new RecordingSink(), 0, 5));
    advanceBoth(a, b); // 30, pushed
    advanceBoth(a, b); // 40, written to the cells only
    gate.countDown();
    assertThat(tracker.flush(10_000)).isTrue();

    assertThat(sink.events(b.id()))
        .extracting(ProgressEvent::bytes)
        .as("b's events")
        .isSorted()
        .contains(40L);
  }

  @Test
  void snapshotSampledBeforeTheEnd_comesAfterAnOlderOnePushedInTheSameSlot() throws Exception {
    // the listeners of single transfers share one dispatcher: block it on another transfer
    Transfer other = tracker.builder().name("other").totalBytes(1000).start();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    other.addListener(
        e -> {
          blocked.countDown();
          RecordingSink.await(gate);
        });
    other.advance(10);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

    Transfer transfer = tracker.builder().name("t").totalBytes(1000).start();
    List<ProgressEvent> heard = new CopyOnWriteArrayList<>();
    transfer.advance(6);
    transfer.addListener(heard::add);
    time.advance(Duration.ofMillis(100));
    tracker.sample(); // 6 is pushed to the listener, and waits behind the blocked one
    transfer.advance(424);
    time.advance(Duration.ofMillis(100));
    tracker.sample(); // 430 is written to the cell only
    transfer.complete(); // joins the slot of 6
    gate.countDown();
    assertThat(tracker.flush(10_000)).isTrue();

    assertThat(heard).extracting(ProgressEvent::bytes).isSorted().contains(430L);
    assertThat(heard.get(heard.size() - 1).isFinal()).isTrue();
  }

  @Test
  void sinkAddedWhileATransferStandsStill_hasItsSnapshotAfterTheNextPassAndAFlush() {
    Transfer transfer = tracker.builder().name("t").totalBytes(1000).start();
    transfer.advance(100);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
    RecordingSink late = new RecordingSink();
    tracker.addSink(new SinkDispatcher("late", late, 0, 5));
    tracker.sample(); // no byte moved since the last pass, the heartbeat not due
    assertThat(tracker.flush(10_000)).isTrue();

    assertThat(late.events(transfer.id())).extracting(ProgressEvent::bytes).containsExactly(100L);
  }

  @Test
  void shutdownWithTransfersRunning_givesEverySinkTheLastSnapshotsAndTheEnds() {
    RecordingSink hourly = new RecordingSink();
    tracker.addSink(new SinkDispatcher("hourly", hourly, Duration.ofHours(1).toNanos(), 5));
    RecordingSink eager = new RecordingSink();
    tracker.addSink(new SinkDispatcher("eager", eager, 0, 5));
    Transfer a = tracker.builder().name("a").totalBytes(1000).start();
    Transfer b = tracker.builder().name("b").start(); // total unknown
    advanceBoth(a, b); // 10: the hourly sink's first snapshots, delivered at once
    assertThat(tracker.flush(10_000)).isTrue();
    a.advance(20);
    b.advance(20);
    time.advance(Duration.ofMillis(100));
    tracker.sample(); // 30: held by the hourly sink for its interval

    tracker.shutdown();

    for (RecordingSink sink : List.of(hourly, eager)) {
      assertThat(sink.isClosed()).isTrue();
      for (Transfer t : List.of(a, b)) {
        List<ProgressEvent> events = sink.events(t.id());
        assertThat(events).extracting(ProgressEvent::bytes).containsExactly(0L, 10L, 30L, 30L);
        ProgressEvent last = events.get(events.size() - 1);
        assertThat(last.isFinal()).isTrue();
        assertThat(last.status()).isEqualTo(dev.flowmeter.Status.CANCELLED);
        assertThat(last.totalBytes()).isEqualTo(t.id() == a.id() ? 1000 : ProgressEvent.UNKNOWN);
      }
    }
  }

  private void advanceBoth(Transfer a, Transfer b) {
    a.advance(10);
    b.advance(10);
    time.advance(Duration.ofMillis(100));
    tracker.sample();
  }
}
