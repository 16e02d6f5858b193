// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One transfer's state machine, counts and snapshots, on a manual clock. */
final class TransferImplTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private TransferImpl pending(long total) {
    return (TransferImpl) tracker.builder().name("t").totalBytes(total).pending();
  }

  @Test
  void statuses_moveForwardOnly_firstEndWins() {
    TransferImpl t = pending(100);
    assertThat(t.status()).isEqualTo(Status.PENDING);
    t.start();
    t.start(); // idempotent
    assertThat(t.status()).isEqualTo(Status.STARTING);
    t.record(10);
    assertThat(t.sample(time.nanoTime(), Long.MAX_VALUE)).isNotNull();
    assertThat(t.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(t.saving()).isTrue();
    assertThat(t.saving()).isFalse();
    assertThat(t.complete()).isTrue();
    assertThat(t.fail("late")).isFalse();
    assertThat(t.cancel()).isFalse();
    assertThat(t.status()).isEqualTo(Status.COMPLETED);
    assertThat(t.snapshot().error()).isEmpty();
  }

  @Test
  void endingAPendingTransfer_startsItFirst() {
    TransferImpl t = pending(-1);
    assertThat(t.fail(new IllegalStateException("boom"))).isTrue();
    ProgressEvent e = t.snapshot();
    assertThat(e.status()).isEqualTo(Status.FAILED);
    assertThat(e.error()).contains("boom");
    assertThat(e.startTime()).isNotEqualTo(java.time.Instant.EPOCH);
  }

  @Test
  void failWithoutMessage_usesTheClassName() {
    TransferImpl t = pending(-1);
    t.fail(new java.io.EOFException());
    assertThat(t.snapshot().error()).contains("java.io.EOFException");
  }

  @Test
  void failWithAnExceptionWhoseGetMessageThrows_failsWithTheClassName() {
    TransferImpl t = pending(-1);
    assertThat(t.fail(new DiagnosticsTest.BrokenMessage())).isTrue();
    assertThat(t.status()).isEqualTo(Status.FAILED);
    assertThat(t.snapshot().error()).contains(DiagnosticsTest.BrokenMessage.class.getName());
  }

  @Test
  void cancelActionThrowingAnExceptionWhoseGetMessageThrows_doesNotReachTheCanceller() {
    TransferImpl t = pending(-1);
    t.start();
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    t.onCancel(
        () -> {
          throw new DiagnosticsTest.BrokenMessage();
        });
    t.onCancel(ran::incrementAndGet);
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      assertThat(t.cancel("stop")).isTrue();
      assertThat(said.lines()).hasSize(1);
    }
    assertThat(ran).hasValue(1);
  }

  @Test
  void advancePastLongMaxValue_staysAtLongMaxValue_neverNegative() {
    TransferImpl t = pending(100);
    t.start();
    t.progress(Long.MAX_VALUE - 1);
    t.advance(5);
    assertThat(t.bytes()).isEqualTo(Long.MAX_VALUE);
    t.advance(Long.MAX_VALUE);
    assertThat(t.bytes()).isEqualTo(Long.MAX_VALUE);
    ProgressEvent e = t.sample(time.nanoTime(), Long.MAX_VALUE);
    assertThat(e).isNotNull();
    assertThat(e.bytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(e.status()).isEqualTo(Status.IN_PROGRESS);
  }

  @Test
  void completeWithUnknownTotal_makesTheCountTheTotal_otherEndsDoNot() {
    TransferImpl done = pending(-1);
    done.start();
    done.advance(42);
    done.complete();
    assertThat(done.snapshot().totalBytes()).isEqualTo(42);
    assertThat(done.snapshot().percentage()).isEqualTo(100.0);

    TransferImpl failed = pending(-1);
    failed.start();
    failed.advance(42);
    failed.fail("x");
    assertThat(failed.snapshot().totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
    assertThat(failed.snapshot().percentage()).isEqualTo(-1.0);
  }

  @Test
  void counts_recordRewindAdvance_andNothingAfterTheEnd() {
    TransferImpl t = pending(-1);
    t.start();
    t.record(5);
    t.rewind(2);
    t.advance(3);
    assertThat(t.bytes()).isEqualTo(5);
    assertThatThrownBy(() -> t.advance(-1)).isInstanceOf(IllegalArgumentException.class);
    t.complete();
    t.advance(100);
    assertThat(t.bytes()).isEqualTo(5);
    assertThat(t.snapshot().bytes()).isEqualTo(5);
  }

  @Test
  void sample_aNewFractionIsNews_andMovesTheTransferInProgress() {
    TransferImpl t = pending(-1);
    t.start();
    long heartbeat = Duration.ofSeconds(1).toNanos();
    t.fraction(0.1);
    ProgressEvent first = t.sample(time.nanoTime(), heartbeat);
    assertThat(first).isNotNull();
    assertThat(first.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(first.percentage()).isEqualTo(10.0);
    time.advance(Duration.ofMillis(100));
    t.fraction(0.2);
    ProgressEvent second = t.sample(time.nanoTime(), heartbeat);
    assertThat(second).as("the share moved, the count did not").isNotNull();
    assertThat(second.percentage()).isEqualTo(20.0);
    time.advance(Duration.ofMillis(100));
    assertThat(t.sample(time.nanoTime(), heartbeat)).as("no change, within the heartbeat").isNull();
  }

  @Test
  void sample_aParentWhoseChildMoved_isNewsToo() {
    TransferImpl parent = pending(-1);
    parent.start();
    TransferImpl child = (TransferImpl) parent.child().name("c").totalBytes(100).start();
    long heartbeat = Duration.ofSeconds(1).toNanos();
    assertThat(parent.sample(time.nanoTime(), heartbeat)).isNotNull();
    time.advance(Duration.ofMillis(100));
    child.record(50);
    ProgressEvent e = parent.sample(time.nanoTime(), heartbeat);
    assertThat(e).as("the children's share moved").isNotNull();
    assertThat(e.percentage()).isEqualTo(50.0);
  }

  @Test
  void sample_quietWhenNothingMoved_untilTheHeartbeat() {
    TransferImpl t = pending(1000);
    t.start();
    t.record(100);
    long heartbeat = Duration.ofSeconds(1).toNanos();
    assertThat(t.sample(time.nanoTime(), heartbeat)).isNotNull();
    time.advance(Duration.ofMillis(100));
    assertThat(t.sample(time.nanoTime(), heartbeat)).as("no change, within the heartbeat").isNull();
    time.advance(Duration.ofSeconds(1));
    assertThat(t.sample(time.nanoTime(), heartbeat)).as("heartbeat").isNotNull();
    t.complete();
    assertThat(t.sample(time.nanoTime(), heartbeat)).as("ended: no progress after").isNull();
  }

  @Test
  void finalSnapshot_isFrozen_andHonest() {
    TransferImpl t = pending(1000);
    t.start();
    time.advance(Duration.ofSeconds(2));
    t.record(500);
    t.cancel("stopped");
    ProgressEvent last = t.snapshot();
    time.advance(Duration.ofSeconds(10));
    assertThat(t.snapshot()).isSameAs(last);
    assertThat(last.isFinal()).isTrue();
    assertThat(last.percentage()).isEqualTo(50.0);
    assertThat(last.eta()).as("a cancelled transfer has no ETA").isEmpty();
    assertThat(last.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(last.averageSpeed()).isEqualTo(250.0);
  }

  /** Hostile-user finding: a stream closed after 1,000 of 3,000,000 bytes read "100 %". */
  @Test
  void streamClosedBeforeItsTotal_completesWithTheShareItReallyRead() throws Exception {
    java.io.InputStream in =
        tracker
            .builder()
            .name("early")
            .totalBytes(3_000_000)
            .wrap(new java.io.ByteArrayInputStream(new byte[3_000_000]));
    assertThat(in.read(new byte[1000])).isEqualTo(1000);
    in.close();
    ProgressEvent last = Flowmeter.transferOf(in).orElseThrow().snapshot();
    assertThat(last.status()).isEqualTo(Status.COMPLETED);
    assertThat(last.bytes()).isEqualTo(1000);
    assertThat(last.percentage()).isLessThan(0.1);
    assertThat(dev.flowmeter.sink.Percent.oneDecimal(last)).isEqualTo("0.0");
  }

  /** Hostile-user finding: a snapshot could say "starting" after bytes had moved. */
  @Test
  void snapshotAfterBytesMoved_saysInProgress_beforeTheReporterNoticed() {
    TransferImpl t = pending(100);
    t.start();
    t.record(10);
    assertThat(t.status()).isEqualTo(Status.STARTING);
    assertThat(t.snapshot().status()).isEqualTo(Status.IN_PROGRESS);
  }

  @Test
  void errorType_isTheClassOfTheFailure_onlyWhenFailedByAThrowable() {
    TransferImpl byException = pending(100);
    byException.fail(new java.net.ConnectException("refused"));
    assertThat(byException.snapshot().errorType()).hasValue("java.net.ConnectException");
    assertThat(byException.snapshot().toBuilder().build().errorType())
        .hasValue("java.net.ConnectException");

    TransferImpl byMessage = pending(100);
    byMessage.fail("no space left");
    assertThat(byMessage.snapshot().errorType()).isEmpty();
    TransferImpl done = pending(100);
    done.complete();
    assertThat(done.snapshot().errorType()).isEmpty();
  }
}
