// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher's board of transfers in hand, driven by hand (the times are arguments). */
final class ProgressBoardTest {
  private static final long INTERVAL = Duration.ofSeconds(1).toNanos();

  private static ProgressEvent started(long id) {
    return ProgressEvent.builder().transferId(id).status(Status.STARTING).lifecycle(true).build();
  }

  private static ProgressEvent progress(long id, long bytes) {
    return ProgressEvent.builder().transferId(id).status(Status.IN_PROGRESS).bytes(bytes).build();
  }

  private static ProgressEvent ended(long id) {
    return ProgressEvent.builder().transferId(id).status(Status.COMPLETED).lifecycle(true).build();
  }

  /** Delivers the slot of {@code event}, offered as the tracker does: its count first. */
  private static void deliver(ProgressBoard board, ProgressCell cell, ProgressEvent event) {
    cell.lifecycles++;
    DeliverySlot slot = new DeliverySlot(event, cell, List.of());
    board.delivered(slot, slot.take(), null, 0);
  }

  @Test
  void transfersEndingInAnyOrder_leaveTheBoard_andTheOthersStillGetTheirSnapshots() {
    ProgressBoard board = new ProgressBoard(INTERVAL);
    List<ProgressCell> cells = new ArrayList<>();
    for (int id = 0; id < 1_000; id++) {
      ProgressCell cell = new ProgressCell(0);
      cells.add(cell);
      deliver(board, cell, started(id));
    }
    for (int id = 0; id < 1_000; id += 3) { // the first, the last and those between, in turn
      deliver(board, cells.get(id), ended(id));
    }
    assertThat(board.size()).isEqualTo(1_000 - 334);
    for (int id = 0; id < 1_000; id++) {
      ProgressCell cell = cells.get(id);
      cell.latest = new ProgressCell.Sample(progress(id, id + 1), cell.lifecycles);
    }
    List<Long> pulled = new ArrayList<>();
    assertThat(board.pull(INTERVAL, false, (event, listeners) -> pulled.add(event.transferId())))
        .isTrue();
    assertThat(pulled).hasSize(1_000 - 334).doesNotHaveDuplicates().allMatch(id -> id % 3 != 0);
    // each had its snapshot: nothing new until the next one, and none held
    assertThat(board.pull(2 * INTERVAL, false, (event, listeners) -> pulled.add(-1L))).isFalse();
    assertThat(board.isWaiting()).isFalse();
  }

  @Test
  void aSnapshotWithinTheInterval_isHeldUntilDue_andAPullOfAllTakesItAtOnce() {
    ProgressBoard board = new ProgressBoard(INTERVAL);
    ProgressCell cell = new ProgressCell(0);
    deliver(board, cell, started(1));
    cell.latest = new ProgressCell.Sample(progress(1, 10), 1);
    List<ProgressEvent> got = new ArrayList<>();
    board.pull(0, false, (event, listeners) -> got.add(event));
    cell.latest = new ProgressCell.Sample(progress(1, 20), 1);
    assertThat(board.pull(INTERVAL - 1, false, (event, listeners) -> got.add(event))).isFalse();
    assertThat(board.isWaiting()).isTrue();
    assertThat(board.nextDueNanos()).isEqualTo(INTERVAL);
    assertThat(board.pull(INTERVAL - 1, true, (event, listeners) -> got.add(event))).isTrue();
    assertThat(got).extracting(ProgressEvent::bytes).containsExactly(10L, 20L);
  }
}
