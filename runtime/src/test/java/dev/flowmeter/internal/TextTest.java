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
  void ellipsize_neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDCE6".repeat(10); // ten code points, twenty chars
    String cut = Text.ellipsize(emoji, 5, false);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(5);
    assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
  }
}
