// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A family's values reach every event of its members; a decorator that throws loses nothing. */
final class EventDecoratorTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void decorator_setsTheFamilysValues_onSnapshotsAndFinalEvents() {
    TransferImpl operation = (TransferImpl) tracker.builder().name("install").pending();
    operation.decorator(
        (event, now) ->
            event
                .kind(Kind.OPERATION)
                .step("download")
                .files(1, 3)
                .stages(
                    List.of(
                        new ProgressEvent.StageState(
                            "download", Status.IN_PROGRESS, 0.5, Duration.ofSeconds(2), null)))
                .eta(Duration.ofSeconds(7)));
    operation.start();

    ProgressEvent now = operation.snapshot();
    assertThat(now.kind()).isEqualTo(Kind.OPERATION);
    assertThat(now.step()).contains("download");
    assertThat(now.completedFiles()).isEqualTo(1);
    assertThat(now.totalFiles()).isEqualTo(3);
    assertThat(now.stages()).extracting(ProgressEvent.StageState::name).containsExactly("download");
    assertThat(now.eta()).contains(Duration.ofSeconds(7));
    assertThat(now.toBuilder().build().stages()).isEqualTo(now.stages());

    operation.complete();
    assertThat(operation.snapshot().kind()).isEqualTo(Kind.OPERATION);
  }

  @Test
  void throwingDecorator_isSaidOnce_andTheEventGoesOutAsItWas() {
    TransferImpl transfer = (TransferImpl) tracker.builder().name("plain").totalBytes(10).pending();
    transfer.decorator(
        (event, now) -> {
          throw new IllegalStateException("broken family");
        });
    transfer.start();
    transfer.advance(5);

    ProgressEvent event = transfer.snapshot();
    assertThat(event.kind()).isEqualTo(Kind.TRANSFER);
    assertThat(event.bytes()).isEqualTo(5);
    assertThat(event.totalFiles()).isEqualTo(-1);
    assertThat(transfer.complete()).isTrue();
  }
}
