// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.sink.LiveTransfers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sink's view of the tracker (all, find, cancel) and sinks registered as objects. */
final class LiveTransfersTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void view_findsAndListsAndCancels() {
    LiveTransfers view = tracker.view();
    Transfer a = tracker.builder().name("a").start();
    Transfer b = tracker.builder().name("b").start();
    b.complete();

    assertThat(view.all()).extracting(ProgressEvent::name).containsExactly("a", "b");
    assertThat(view.find(a.id()))
        .get()
        .extracting(ProgressEvent::status)
        .isEqualTo(Status.STARTING);
    assertThat(view.find(999)).isEmpty();

    assertThat(view.cancel(a.id(), "stopped by the operator")).isTrue();
    assertThat(a.status()).isEqualTo(Status.CANCELLED);
    assertThat(a.snapshot().error()).contains("stopped by the operator");
    assertThat(view.cancel(a.id(), "again")).isFalse();
    assertThat(view.cancel(b.id(), "too late")).isFalse();
  }

  @Test
  void sinkAddedAsAnObject_getsEveryEvent_andIsClosedWhenRemoved() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("mine", sink, Duration.ofSeconds(1).toNanos(), 5));
    Transfer t = tracker.builder().name("x").start();
    t.complete();
    assertThat(tracker.removeSink(sink)).isTrue();
    assertThat(sink.isClosed()).isTrue();
    assertThat(sink.events())
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.COMPLETED);
    assertThat(tracker.removeSink(sink)).isFalse();
  }

  /** Hostile-user finding: a negative or huge interval was accepted or overflowed. */
  @Test
  void addSink_refusesAnIntervalOutOfRange() {
    RecordingSink sink = new RecordingSink();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Flowmeter.addSink("x", sink, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Flowmeter.addSink("x", sink, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Hostile-user finding: the same sink object added twice got every event twice. */
  @Test
  void addSink_theSameSinkTwice_isRefused() {
    RecordingSink sink = new RecordingSink();
    Flowmeter.addSink("once", sink, Duration.ofSeconds(1));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Flowmeter.addSink("twice", sink, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("added already");
    } finally {
      assertThat(Flowmeter.removeSink(sink)).isTrue();
    }
  }

  /** Hostile-user finding: a sink or listener whose toString() throws made adding it throw. */
  @Test
  void addSinkAndListener_whoseToStringThrows_areAddedAndNamedByTheirClass() {
    dev.flowmeter.sink.ProgressSink sink =
        new dev.flowmeter.sink.ProgressSink() {
          @Override
          public void onEvent(ProgressEvent event) {}

          @Override
          public String toString() {
            throw new IllegalStateException("no name");
          }
        };
    dev.flowmeter.ProgressListener listener =
        new dev.flowmeter.ProgressListener() {
          @Override
          public void onEvent(ProgressEvent event) {}

          @Override
          public String toString() {
            throw new IllegalStateException("no name");
          }
        };
    Flowmeter.addSink("rude", sink, Duration.ofSeconds(1));
    Flowmeter.addListener(listener);
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Flowmeter.addSink("again", sink, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("toString() failed>")
          .hasMessageContaining("added already");
    } finally {
      assertThat(Flowmeter.removeListener(listener)).isTrue();
      assertThat(Flowmeter.removeSink(sink)).isTrue();
    }
  }
}
