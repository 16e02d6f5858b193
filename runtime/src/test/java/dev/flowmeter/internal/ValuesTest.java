// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ValuesTest {
  @ParameterizedTest
  @CsvSource({"250ms, 250", "2s, 2000", "1.5s, 1500", "5m, 300000", "1h, 3600000", "40, 40"})
  void duration_readsEachForm(String value, long millis) {
    assertThat(Values.duration("flowmeter.interval", value)).isEqualTo(Duration.ofMillis(millis));
  }

  /** What Double.parseDouble takes beyond plain decimals would mean something unexpected. */
  @ParameterizedTest
  @ValueSource(strings = {"1.5f", "2d5", "0x1p3", "1e3", "NaN", "Infinity", "-1s", "", " ", "1,5s"})
  void duration_refusesAnythingButAPlainDecimal(String value) {
    assertThatThrownBy(() -> Values.duration("flowmeter.interval", value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.interval")
        .hasMessageContaining("is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5f", "0x10", "1e2", "NaN", "12 KiB x"})
  void bytesAndDecimal_refuseWhatIsNotAPlainNumber(String value) {
    assertThatThrownBy(() -> Values.bytes("flowmeter.k", value))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> Values.decimal("flowmeter.k", value, 0, 1e9))
        .isInstanceOf(ConfigException.class);
  }

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "512KiB, 524288", "1MiB, 1048576", "10MB, 10000000", ".5KB, 500"})
  void bytes_readsEachForm(String value, long bytes) {
    assertThat(Values.bytes("flowmeter.k", value)).isEqualTo(bytes);
  }
}
