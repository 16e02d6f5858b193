// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class BarRendererTest {
  @ParameterizedTest
  @CsvSource({
    "0.0,    '          '",
    "0.0625, '\u258b         '",
    "0.1,    '\u2588         '",
    "0.4375, '\u2588\u2588\u2588\u2588\u258d     '",
    "0.5,    '\u2588\u2588\u2588\u2588\u2588     '",
    "0.99,   '\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2589'",
    "1.0,    '\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588'",
  })
  void bar_unicode_fillsEighthsOfCells(double fraction, String expected) {
    assertThat(BarRenderer.bar(fraction, 10, false)).isEqualTo(expected);
  }

  @Test
  void bar_unicode_usesEveryEighthBlock() {
    // 3 cells = 24 eighths; 1..7 eighths show the seven partial blocks in order
    for (int eighths = 1; eighths < 8; eighths++) {
      String bar = BarRenderer.bar(eighths / 24.0, 3, false);
      assertThat(bar.charAt(0)).isEqualTo(BarRenderer.EIGHTHS.charAt(eighths));
      assertThat(bar.substring(1)).isEqualTo("  ");
    }
    assertThat(BarRenderer.EIGHTHS.substring(1)).isEqualTo("▏▎▍▌▋▊▉");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, '          '",
    "0.05, '>         '",
    "0.5, '=====>    '",
    "0.97, '=========>'",
    "1.0, '=========='",
  })
  void bar_ascii_drawsEqualsAndArrow(double fraction, String expected) {
    assertThat(BarRenderer.bar(fraction, 10, true)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 7, 13, 40})
  void bar_anyFraction_hasExactlyTheCellCount(int cells) {
    for (int i = -1; i <= 101; i++) {
      assertThat(BarRenderer.bar(i / 100.0, cells, false)).hasSize(cells);
      assertThat(BarRenderer.bar(i / 100.0, cells, true)).hasSize(cells);
    }
    assertThat(BarRenderer.bar(Double.NaN, cells, false)).isBlank();
  }

  @Test
  void indeterminate_blockMovesAndBouncesAtTheEnds() {
    assertThat(BarRenderer.indeterminate(0, 12, false)).isEqualTo("███         ");
    assertThat(BarRenderer.indeterminate(1, 12, false)).isEqualTo(" ███        ");
    assertThat(BarRenderer.indeterminate(9, 12, false)).isEqualTo("         ███");
    assertThat(BarRenderer.indeterminate(10, 12, false)).isEqualTo("        ███ ");
    assertThat(BarRenderer.indeterminate(18, 12, false)).isEqualTo("███         ");
    assertThat(BarRenderer.indeterminate(3, 12, true)).isEqualTo("   <=>      ");
    for (long step = 0; step < 50; step++) {
      assertThat(BarRenderer.indeterminate(step, 5, true)).hasSize(5);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {72, 80, 100, 160})
  void lines_atEveryWidth_fitAndFillTheBarInProportion(int width) {
    BarRenderer renderer = new BarRenderer(width, false);
    ProgressEvent e = progress(1, "report.pdf", 3 * 1024 * 1024, 8 * 1024 * 1024, 2000);
    String line = renderer.lines(List.of(e)).get(0);

    assertThat(line.codePointCount(0, line.length())).isLessThan(width);
    assertThat(line).startsWith("report.pdf").contains("37%", "3.0 MiB / 8.0 MiB", "ETA 3.3 s");
    String inner = line.substring(line.indexOf('│') + 1, line.lastIndexOf('│'));
    int cells = inner.length();
    long eighths = (long) Math.floor(0.375 * cells * 8);
    String expected =
        "█".repeat((int) (eighths / 8))
            + (eighths % 8 > 0
                ? String.valueOf(BarRenderer.EIGHTHS.charAt((int) (eighths % 8)))
                : "");
    assertThat(inner.stripTrailing()).isEqualTo(expected);
    assertThat(cells).isGreaterThanOrEqualTo(4);
  }

  @Test
  void lines_widerTerminal_getsLongerBar() {
    ProgressEvent e = progress(1, "a.bin", 50, 100, 1000);
    String narrow = new BarRenderer(70, false).lines(List.of(e)).get(0);
    String wide = new BarRenderer(120, false).lines(List.of(e)).get(0);
    assertThat(wide.length() - narrow.length()).isEqualTo(50);
  }

  @Test
  void lines_unknownTotal_showBytesAndSpeedButNoPercentage() {
    ProgressEvent e = progress(1, "stream.log", 5 * 1024 * 1024, -1, 2000);
    String line = new BarRenderer(80, true).lines(List.of(e)).get(0);
    assertThat(line).contains("5.0 MiB", "2.5 MiB/s", "<=>").doesNotContain("%", "ETA", "/ ");
  }

  @Test
  void lines_longName_isShortenedWithAnEllipsisKeepingTheExtension() {
    String name = "quarterly-financial-report-final-version-2.pdf";
    String line = new BarRenderer(80, false).lines(List.of(progress(1, name, 1, 2, 10))).get(0);
    assertThat(line).contains("…").contains(".pdf").doesNotContain(name);
    assertThat(line.length()).isLessThan(80);
    String ascii = new BarRenderer(80, true).lines(List.of(progress(1, name, 1, 2, 10))).get(0);
    assertThat(ascii).contains("...").doesNotContain("…");
  }

  @Test
  void lines_ofOneFrame_areAligned() {
    List<String> lines =
        new BarRenderer(100, false)
            .lines(
                List.of(
                    progress(1, "a.pdf", 10, 1000, 100),
                    progress(2, "much-longer-name.iso", 900_000_000, 1_000_000_000, 100)));
    assertThat(lines.get(0).indexOf('│')).isEqualTo(lines.get(1).indexOf('│'));
    assertThat(lines.get(0).lastIndexOf('│')).isEqualTo(lines.get(1).lastIndexOf('│'));
  }

  @Test
  void lines_tinyWidth_dropTheBarAndStayShorterThanTheWidth() {
    String line = new BarRenderer(20, false).lines(List.of(progress(1, "x.bin", 1, 2, 10))).get(0);
    assertThat(line.length()).isLessThan(20);
    assertThat(line).doesNotContain("│");
  }
}
