// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class DelaysTest {

  @Test
  void percentiles_areNearestRankOverEveryClient() {
    Delays one = new Delays();
    Delays two = new Delays();
    for (int ms = 100; ms >= 1; ms--) {
      (ms % 2 == 0 ? one : two).record(ms, ms * 1000L);
    }

    long[] sorted = Delays.sorted(List.of(one, two));

    assertThat(sorted).hasSize(100).startsWith(1000L, 2000L);
    assertThat(Delays.percentileMillis(sorted, 50)).isEqualTo(50.0);
    assertThat(Delays.percentileMillis(sorted, 99)).isEqualTo(99.0);
    assertThat(Delays.percentileMillis(sorted, 100)).isEqualTo(100.0);
    assertThat(Delays.summary(sorted))
        .isEqualTo("p50 50.0 ms, p90 90.0 ms, p99 99.0 ms, max 100.0 ms");
  }

  @Test
  void sorted_fromAMoment_keepsTheDelaysThatEndedThenOrLater() {
    Delays delays = new Delays();
    delays.record(10, 500);
    delays.record(20, 300);
    delays.record(30, 100);

    assertThat(Delays.sorted(List.of(delays), 20)).containsExactly(100L, 300L);
  }

  @Test
  void percentiles_ofNothing_areZero() {
    assertThat(Delays.percentileMillis(new long[0], 99)).isZero();
    assertThat(Delays.summary(new long[0])).isEqualTo("none");
  }
}
