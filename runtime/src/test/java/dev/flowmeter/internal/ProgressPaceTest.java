// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher's pacing of progress, driven by hand (the times are arguments). */
final class ProgressPaceTest {
  private static final long INTERVAL = Duration.ofHours(1).toNanos();

  private static ProgressEvent progress(long id) {
    return ProgressEvent.builder().transferId(id).status(Status.IN_PROGRESS).build();
  }

  private static ProgressEvent ended(long id) {
    return ProgressEvent.builder().transferId(id).status(Status.COMPLETED).lifecycle(true).build();
  }

  @Test
  void heldSlots_ofTransfersThatEndedMeanwhile_areNotKeptForTheRestOfTheInterval() {
    ProgressPace pace = new ProgressPace(INTERVAL);
    long now = 0;
    // 100,000 short transfers inside one long interval: each had a snapshot delivered, then one
    // held, then its end arrived, which queued the held slot again and delivered it with the end
    for (long id = 1; id <= 100_000; id++, now++) {
      pace.delivered(new ProgressEvent[] {progress(id)}, now);
      DeliverySlot slot = new DeliverySlot(progress(id), List.of());
      assertThat(pace.hold(slot, now)).isTrue();
      synchronized (slot) {
        slot.add(ended(id)); // what the offer does; it queues the slot again
        slot.deferred = false;
      }
      assertThat(pace.hold(slot, now)).isFalse(); // met in the queue: delivered at once
      ProgressEvent[] events = slot.take();
      assertThat(events).hasSize(2);
      pace.delivered(events, now);
    }
    // none of them is held any more: what the pace keeps must not grow with the ended transfers
    assertThat(pace.heldEntries()).isLessThan(1_000);
    assertThat(pace.pollDue(now, true)).isNull();
    assertThat(pace.isEmpty()).isTrue();
  }

  @Test
  void aHeldSlot_stillWaiting_isKeptAndDeliveredWhenDue() {
    ProgressPace pace = new ProgressPace(INTERVAL);
    DeliverySlot waiting = new DeliverySlot(progress(1), List.of());
    pace.delivered(new ProgressEvent[] {progress(1)}, 0);
    assertThat(pace.hold(waiting, 0)).isTrue();
    for (long id = 2; id <= 10_000; id++) { // others come and go around it
      pace.delivered(new ProgressEvent[] {progress(id)}, id);
      DeliverySlot slot = new DeliverySlot(progress(id), List.of());
      assertThat(pace.hold(slot, id)).isTrue();
      assertThat(slot.take()).isNotNull();
      pace.delivered(new ProgressEvent[] {ended(id)}, id);
    }
    assertThat(pace.pollDue(INTERVAL - 1, false)).isNull();
    assertThat(pace.pollDue(INTERVAL, false)).isSameAs(waiting);
    assertThat(pace.isEmpty()).isTrue();
  }
}
