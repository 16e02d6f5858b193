// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Unit;
import org.junit.jupiter.api.Test;

final class TextTest {
  @Test
  void grouped_separatesThousandsWithCommas() {
    assertThat(Text.grouped(52_428_800)).isEqualTo("52,428,800");
    assertThat(Text.grouped(999)).isEqualTo("999");
  }

  @Test
  void amount_usesBinaryUnitsForBytesAndWordsForCharsAndItems() {
    assertThat(Text.amount(15_938_355, Unit.BYTES)).isEqualTo("15.2 MiB");
    assertThat(Text.amount(1234, Unit.CHARS)).isEqualTo("1,234 chars");
    assertThat(Text.amount(1, Unit.ITEMS)).isEqualTo("1 item");
    assertThat(Text.amount(0, Unit.ITEMS)).isEqualTo("0 items");
  }

  @Test
  void rate_perSecondInTheUnit_neverNegative() {
    assertThat(Text.rate(2.1 * 1024 * 1024, Unit.BYTES)).isEqualTo("2.1 MiB/s");
    assertThat(Text.rate(-5, Unit.BYTES)).isEqualTo("0 B/s");
    assertThat(Text.rate(Double.NaN, Unit.ITEMS)).isEqualTo("0 items/s");
    assertThat(Text.rate(0.5, Unit.ITEMS)).isEqualTo("0.5 items/s");
    assertThat(Text.rate(1250.4, Unit.CHARS)).isEqualTo("1,250 chars/s");
  }

  @Test
  void bytesAndDuration_withoutAFormatter_readAsStringFormatDoes() {
    // what Text.bytes and Text.duration printed with String.format, before they did it by hand
    java.util.Random random = new java.util.Random(8);
    for (int i = 0; i < 200_000; i++) {
      long bytes = i < 5000 ? i * 211L : random.nextLong() >>> (11 + random.nextInt(52));
      assertThat(Text.bytes(bytes)).as("%d bytes", bytes).isEqualTo(formatted(bytes));
      long millis = i < 100_000 ? i : random.nextLong() >>> (1 + random.nextInt(62));
      assertThat(Text.duration(java.time.Duration.ofMillis(millis)))
          .as("%d ms", millis)
          .isEqualTo(formatted(java.time.Duration.ofMillis(millis)));
    }
    assertThat(Text.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(Text.bytes(1024L * 1024 - 1)).isEqualTo("1024.0 KiB");
    assertThat(Text.oneDecimal(15_938_355, 1 << 20)).isEqualTo("15.2");
    assertThat(Text.oneDecimal(Long.MAX_VALUE, 1)).isEqualTo("9223372036854775807.0");
  }

  private static String formatted(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String formatted(java.time.Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  @Test
  void ellipsize_cutsTheMiddleKeepingStartAndExtension() {
    assertThat(Text.ellipsize("short.txt", 20, false)).isEqualTo("short.txt");
    String cut = Text.ellipsize("a-very-long-file-name-indeed.tar.gz", 16, false);
    assertThat(cut).hasSize(16).startsWith("a-very-lo").contains("…").endsWith(".gz");
    String ascii = Text.ellipsize("a-very-long-file-name-indeed.tar.gz", 16, true);
    assertThat(ascii).hasSize(16).contains("...");
    assertThat(Text.ellipsize("abcdef", 2, true)).isEqualTo("..");
  }

  @Test
  void sanitize_replacesControlsEscapesAndBidiOverrides_keepsOtherText() {
    assertThat(Text.sanitize("a\u001b[31mred\nb")).isEqualTo("a?red?b");
    assertThat(Text.sanitize("invoice \u202Efdp.exe\u202C")).isEqualTo("invoice ?fdp.exe?");
    assertThat(Text.sanitize("\u2067isolate\u2069")).isEqualTo("?isolate?");
    assertThat(Text.sanitize("漢字 é \u00e9t\u00e9")).isEqualTo("漢字 é \u00e9t\u00e9");
  }

  @Test
  void sanitize_replacesBidiMarksAndLoneSurrogates_keepsPairs() {
    assertThat(Text.sanitize("a\u200eb\u200fc\u061cd")).isEqualTo("a?b?c?d");
    assertThat(Text.sanitize("x\ud800y\udc00z\ud83d")).isEqualTo("x?y?z?");
    assertThat(Text.sanitize("\ud83d\ude00 ok")).isEqualTo("\ud83d\ude00 ok");
  }

  @Test
  void ellipsize_neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDCE6".repeat(10); // ten code points, twenty chars
    String cut = Text.ellipsize(emoji, 5, false);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(5);
    assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
  }
}
