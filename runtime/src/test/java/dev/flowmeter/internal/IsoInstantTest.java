// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The fast instant writer writes exactly what {@link Instant#toString()} writes. */
final class IsoInstantTest {
  private static String written(Instant instant) {
    StringBuilder out = new StringBuilder();
    IsoInstant.append(out, instant);
    return out.toString();
  }

  @Property(tries = 5000)
  void anyInstant_isWrittenAsToStringWould(
      @ForAll @LongRange(min = -62_200_000_000L, max = 253_500_000_000L) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    assertThat(written(instant)).isEqualTo(instant.toString());
  }

  @Property(tries = 2000)
  void wholeMillisAndMicros_areWrittenAsToStringWould(
      @ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds,
      @ForAll @LongRange(min = 0, max = 999) long millis,
      @ForAll @LongRange(min = 0, max = 999) long micros) {
    Instant inMillis = Instant.ofEpochSecond(seconds, millis * 1_000_000);
    Instant inMicros = Instant.ofEpochSecond(seconds, millis * 1_000_000 + micros * 1000);
    assertThat(written(inMillis)).isEqualTo(inMillis.toString());
    assertThat(written(inMicros)).isEqualTo(inMicros.toString());
  }

  @Test
  void edges_leapDaysCenturiesAndTheFarRanges() {
    for (String text :
        new String[] {
          "1970-01-01T00:00:00Z",
          "2000-02-29T23:59:59.999999999Z",
          "1900-03-01T00:00:00Z",
          "2024-05-01T12:00:00.250Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z",
          "1969-12-31T23:59:59.000001Z"
        }) {
      Instant instant = Instant.parse(text);
      assertThat(written(instant)).isEqualTo(instant.toString()).isEqualTo(text);
    }
    assertThat(written(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    assertThat(written(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    assertThat(written(Instant.ofEpochSecond(253_402_300_800L)))
        .isEqualTo(Instant.ofEpochSecond(253_402_300_800L).toString());
  }
}
