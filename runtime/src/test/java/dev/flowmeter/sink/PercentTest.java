// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import org.junit.jupiter.api.Test;

final class PercentTest {
  private static ProgressEvent at(long bytes, long total) {
    return event(1, "a", Status.IN_PROGRESS, false, bytes, total, 0).build();
  }

  @Test
  void floor_isRoundedDownAtEveryScale() {
    ProgressEvent event = at(9_996, 10_000); // 99.96 %

    assertThat(Percent.floor(event, 1)).isEqualTo(99);
    assertThat(Percent.floor(event, 10)).isEqualTo(999);
    assertThat(Percent.floor(event, 100)).isEqualTo(9_996);
    assertThat(Percent.oneDecimal(event)).isEqualTo("99.9");
  }

  @Test
  void floor_isExactWhereADoubleIsNot() {
    assertThat(Percent.oneDecimal(at(143, 1_000))).isEqualTo("14.3");
    assertThat(Percent.floor(at(Long.MAX_VALUE / 3, Long.MAX_VALUE), 100)).isEqualTo(3_333);
  }

  @Test
  void floor_doneOrEmpty_isAHundred_andUnknownIsMinusOne() {
    assertThat(Percent.floor(at(10, 10), 10)).isEqualTo(1_000);
    assertThat(Percent.floor(at(0, 0), 10)).isEqualTo(1_000);
    assertThat(Percent.floor(at(5, -1), 10)).isEqualTo(-1);
    assertThat(Percent.oneDecimal(at(5, -1))).isEmpty();
  }

  @Test
  void floor_scaleMustBePositive() {
    assertThatThrownBy(() -> Percent.floor(at(1, 2), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be positive: 0");
  }
}
