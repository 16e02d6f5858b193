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
            try {
              sampled.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
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
}
