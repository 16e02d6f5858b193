// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class RunningTransfersTest {
  private final RunningTransfers running = new RunningTransfers();

  private List<Long> shown(int rows) {
    return running.shown(rows).stream().map(e -> e.event.transferId()).collect(Collectors.toList());
  }

  @Test
  void shown_fewerThanRows_allInStartOrder() {
    running.update(progress(3, "c", 0, 10, 0));
    running.update(progress(1, "a", 0, 10, 0));
    running.update(progress(2, "b", 0, 10, 0));
    running.update(progress(1, "a", 5, 10, 100));
    assertThat(shown(5)).containsExactly(3L, 1L, 2L);
  }

  @Test
  void shown_moreThanRows_theMostRecentlyActive_newestAmongEquals_inStartOrder() {
    for (long id = 1; id <= 6; id++) {
      assertThat(running.update(progress(id, "t" + id, 0, 100, 0))).isTrue();
    }
    running.update(progress(5, "t5", 1, 100, 300));
    running.update(progress(2, "t2", 1, 100, 200));
    running.update(progress(4, "t4", 1, 100, 300));
    running.update(progress(1, "t1", 0, 100, 400)); // no byte moved: not activity
    assertThat(shown(2)).containsExactly(4L, 5L);
    assertThat(shown(3)).containsExactly(2L, 4L, 5L);
    assertThat(shown(4)).containsExactly(2L, 4L, 5L, 6L); // then the newest of the idle ones
    assertThat(shown(0)).isEmpty();
  }

  @Test
  void shown_tenThousandRunning_keepsTheRowsAskedFor() {
    for (long id = 1; id <= 10_000; id++) {
      running.update(progress(id, "t" + id, 0, 100, 0));
    }
    for (long id = 10_000; id >= 1; id -= 7) {
      running.update(progress(id, "t" + id, 1, 100, 20_000 - id)); // a smaller id moved later
    }
    // moved: 10,000, 9,993, ... 4; the last to move were 4, 11, 18, ...
    assertThat(shown(39)).isSorted().hasSize(39).first().isEqualTo(4L);
    assertThat(shown(39)).last().isEqualTo(4L + 38 * 7);
  }

  @Test
  void end_forgetsTheTransferAndCountsItsStatus() {
    running.update(progress(1, "a", 0, 10, 0));
    running.update(progress(2, "b", 0, 10, 0));
    running.update(progress(3, "c", 0, 10, 0));
    running.end(progress(1, "a", 10, 10, 100).toBuilder().status(Status.COMPLETED).build());
    running.end(progress(2, "b", 1, 10, 100).toBuilder().status(Status.FAILED).build());
    running.end(progress(4, "d", 1, 10, 100).toBuilder().status(Status.CANCELLED).build());
    assertThat(running.size()).isEqualTo(1);
    assertThat(new long[] {running.completed(), running.failed(), running.cancelled()})
        .containsExactly(1, 1, 1);
  }
}
