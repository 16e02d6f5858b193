// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages about the application's own failures, whatever those failures do. */
final class DiagnosticsTest {
  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  /** An exception of the application's whose {@code getMessage()} throws. */
  static final class BrokenMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage() is broken");
    }
  }

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void printed_keepsTheLinesAsPrinted_onceEach_forTheAttacher() {
    Diagnostics.once("a", "first\nproblem");
    Diagnostics.once("a", "first again");
    Diagnostics.once("b", "second");

    assertThat(Diagnostics.printed()).isEqualTo(said.lines()).hasSize(2);
    assertThat(Diagnostics.printed().get(0)).startsWith("flowmeter: first").doesNotContain("\n");
  }

  @Test
  void describe_getMessageThrowing_namesTheClassOnly() {
    assertThat(Diagnostics.describe(new BrokenMessage())).isEqualTo("BrokenMessage");
    assertThat(Diagnostics.describe(new IllegalStateException("x")))
        .isEqualTo("IllegalStateException: x");
  }

  @Test
  void sinkThrowingAnExceptionWithABrokenMessage_isSaidInOneLine_andGoesOnReceivingEvents() {
    AtomicBoolean thrown = new AtomicBoolean();
    RecordingSink sink =
        new RecordingSink()
            .before(
                e -> {
                  if (thrown.compareAndSet(false, true)) {
                    throw new BrokenMessage();
                  }
                });
    tracker.addSink(new SinkDispatcher("bad", sink, 0, 3));
    tracker.builder().name("first").start().complete();
    Transfer second = tracker.builder().name("second").start();
    second.complete();

    assertThat(sink.awaitFinal(second.id())).as("the sink's thread still delivers").isTrue();
    assertThat(said.lines())
        .containsExactly(
            "flowmeter: sink 'bad' failed (BrokenMessage); it is switched off if it fails 3"
                + " times in a row");
  }

  @Test
  void transferListenerWithBrokenToStringAndOnEvent_isSaidInOneLine_andTheNextListenerRuns() {
    ProgressListener broken =
        new ProgressListener() {
          @Override
          public void onEvent(ProgressEvent event) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public String toString() {
            throw new IllegalStateException("toString() is broken");
          }
        };
    List<ProgressEvent> seen = new ArrayList<>();
    Transfer t =
        tracker
            .builder()
            .name("t")
            .listener(broken)
            .listener(
                e -> {
                  synchronized (seen) {
                    seen.add(e);
                  }
                })
            .start();
    t.complete();

    assertThat(tracker.flush(10_000)).isTrue();
    synchronized (seen) {
      assertThat(seen).extracting(ProgressEvent::isFinal).containsExactly(false, true);
    }
    assertThat(said.lines()).hasSize(1);
    assertThat(said.lines().get(0))
        .startsWith("flowmeter: listener <")
        .contains(": toString() failed> of ")
        .endsWith(" failed (IllegalStateException: listener bug); it goes on receiving events");
  }
}
