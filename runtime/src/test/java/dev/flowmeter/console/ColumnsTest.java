// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ColumnsTest {
  @ParameterizedTest
  @CsvSource({
    "0x61, 1", // a
    "0xE9, 1", // é, precomposed
    "0x2502, 1", // │
    "0x2026, 1", // …
    "0x0301, 0", // combining acute accent
    "0x20DD, 0", // combining enclosing circle
    "0x200D, 0", // zero-width joiner
    "0xFE0F, 0", // variation selector
    "0x00AD, 1", // soft hyphen
    "0x1160, 0", // Hangul medial vowel
    "0x1100, 2", // Hangul leading consonant
    "0x4E2D, 2", // 中
    "0x3042, 2", // あ
    "0x30A2, 2", // ア
    "0xAC00, 2", // 가
    "0xFF21, 2", // fullwidth A
    "0x3000, 2", // ideographic space
    "0x1F600, 2", // grinning face
    "0x20000, 2", // CJK extension B
    "0xFF61, 1", // halfwidth ideographic full stop
    "0x303F, 1",
  })
  void of_givesTheColumnsACodePointTakes(String codePoint, int columns) {
    assertThat(Columns.of(Integer.decode(codePoint))).isEqualTo(columns);
  }

  @Test
  void width_countsColumns_notChars_andIgnoresEscapeSequences() {
    assertThat(Columns.width("report.pdf")).isEqualTo(10);
    assertThat(Columns.width("報告書.pdf")).isEqualTo(10);
    assertThat(Columns.width("re\u0301sume\u0301")).isEqualTo(6);
    assertThat(Columns.width("\uD83D\uDE00!")).isEqualTo(3);
    assertThat(Columns.width("\u001b[31mred\u001b[39m")).isEqualTo(3);
    assertThat(Columns.width("\u001b[2K")).isZero();
  }

  @Test
  void ellipsize_byColumns_keepsTheExtension_andNeverSplitsAWideCharacter() {
    String name = "東京大阪名古屋札幌福岡の売上データ.csv";
    for (int max = 1; max <= 40; max++) {
      String cut = Columns.ellipsize(name, max, false);
      assertThat(Columns.width(cut)).as("max %d", max).isLessThanOrEqualTo(max);
      assertThat(Columns.width(cut))
          .as("max %d", max)
          .isGreaterThanOrEqualTo(Math.min(max - 1, Columns.width(name)));
      if (max >= 10 && max < Columns.width(name)) {
        assertThat(cut).as("max %d", max).contains("…").endsWith(".csv");
      }
    }
    assertThat(Columns.ellipsize(name, 100, false)).isEqualTo(name);
    assertThat(Columns.ellipsize("quarterly-financial-report.pdf", 16, false))
        .isEqualTo("quarterly-…t.pdf");
    assertThat(Columns.ellipsize("quarterly-financial-report.pdf", 16, true))
        .isEqualTo("quarterly....pdf");
  }

  @Test
  void ellipsize_keepsACombiningMarkWithItsLetter() {
    String name = "cafe\u0301-cafe\u0301-cafe\u0301-cafe\u0301";
    for (int max = 4; max < 19; max++) {
      String cut = Columns.ellipsize(name, max, false);
      int dots = cut.indexOf('…');
      assertThat(cut.charAt(dots + 1)).as("max %d: %s", max, cut).isNotEqualTo('\u0301');
      assertThat(Columns.width(cut)).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void cut_byColumns_endsWithAnEllipsis() {
    assertThat(Columns.cut("abcdef", 6, false)).isEqualTo("abcdef");
    assertThat(Columns.cut("abcdefg", 6, false)).isEqualTo("abcde…");
    assertThat(Columns.cut("abcdefg", 6, true)).isEqualTo("abc...");
    assertThat(Columns.cut("日本語のテキスト", 7, false)).isEqualTo("日本語…");
  }

  @Test
  void pad_fillsToTheColumns() {
    StringBuilder line = new StringBuilder();
    Columns.pad(line, "日本", 6, false);
    Columns.pad(line, "7%", 4, true);
    assertThat(line.toString()).isEqualTo("日本    7%");
    assertThat(Columns.width(line)).isEqualTo(10);
  }
}
