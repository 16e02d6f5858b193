// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Unit;
import java.time.Duration;
import java.util.ArrayList;
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

  private static final long MIB = 1024 * 1024;

  /** The lines {@code renderer} draws for {@code events} at {@code width}, labelled by name. */
  private static List<String> render(BarRenderer renderer, int width, ProgressEvent... events) {
    List<String> names = new ArrayList<>();
    for (ProgressEvent e : events) {
      names.add(e.name());
    }
    return renderer.lines(List.of(events), names, width);
  }

  private static String line(int width, ProgressEvent e) {
    return render(new BarRenderer(false), width, e).get(0);
  }

  /** The bar between its ends, or empty when the line has none. */
  private static String inner(String line) {
    int open = line.indexOf('│');
    return open < 0 ? "" : line.substring(open + 1, line.lastIndexOf('│'));
  }

  @ParameterizedTest
  @ValueSource(ints = {72, 80, 100, 120, 160, 200})
  void lines_atEveryWidth_fitAndFillTheBarInProportion(int width) {
    ProgressEvent e = progress(1, "report.pdf", 3 * MIB, 8 * MIB, 2000);
    String line = line(width, e);

    assertThat(Columns.width(line)).isLessThan(width);
    assertThat(line).startsWith("report.pdf").contains("37%", "3.0/8.0 MiB", "ETA 3.3 s");
    String inner = inner(line);
    int cells = inner.length();
    long eighths = (long) Math.floor(0.375 * cells * 8);
    String expected =
        "█".repeat((int) (eighths / 8))
            + (eighths % 8 > 0
                ? String.valueOf(BarRenderer.EIGHTHS.charAt((int) (eighths % 8)))
                : "");
    assertThat(inner.stripTrailing()).isEqualTo(expected);
    assertThat(cells).isGreaterThanOrEqualTo(12);
  }

  @Test
  void lines_fullWidth_showAllColumnsInOrder() {
    ProgressEvent e = progress(1, "report.pdf", 6 * MIB, 16 * MIB, 3000);
    String line = line(120, e);
    assertThat(line.substring(line.lastIndexOf('│') + 1).trim().split(" +"))
        .containsExactly("37%", "6.0/16.0", "MiB", "2.0", "MiB/s", "3.0", "s", "ETA", "5.0", "s");
  }

  @Test
  void lines_widerTerminal_getsLongerBarAndLongerLabel() {
    String name = "a-rather-long-file-name-from-the-export-job-of-last-week.tar.gz";
    ProgressEvent e = progress(1, name, 50, 100, 1000);
    String at100 = line(100, e);
    String at200 = line(200, e);
    assertThat(inner(at200).length()).isGreaterThan(inner(at100).length() + 40);
    assertThat(at200.indexOf('│')).isGreaterThan(at100.indexOf('│') + 20);
    assertThat(Columns.width(at200)).isLessThan(200);
  }

  @Test
  void lines_barKeepsItsLength_asNumbersGrowAndShrink() {
    BarRenderer renderer = new BarRenderer(false);
    long total = 1023L * MIB + 900 * 1024;
    ProgressEvent[] frames = {
      progress(1, "big.iso", 0, total, 1),
      progress(1, "big.iso", 512, total, 100).toBuilder().speed(5120).build(),
      progress(1, "big.iso", 700 * MIB, total, 59_000).toBuilder()
          .speed(1023.9 * MIB)
          .eta(Duration.ofSeconds(3599))
          .build(),
      progress(1, "big.iso", 1000 * MIB, total, 3_599_000).toBuilder()
          .speed(3)
          .eta(Duration.ofSeconds(70))
          .build(),
      progress(1, "big.iso", total, total, 3_600_000).toBuilder().eta(null).build(),
    };
    for (int width : new int[] {80, 100, 120, 200}) {
      List<Integer> ends = new ArrayList<>();
      for (ProgressEvent frame : frames) {
        String line = render(renderer, width, frame).get(0);
        ends.add(line.indexOf('│'));
        ends.add(line.lastIndexOf('│'));
      }
      assertThat(ends.subList(0, 2)).doesNotContain(-1);
      for (int i = 2; i < ends.size(); i += 2) {
        assertThat(ends.subList(i, i + 2)).as("width %d", width).isEqualTo(ends.subList(0, 2));
      }
    }
  }

  @Test
  void lines_barKeepsItsLength_whenTheTransferWithTheLongestNameAndNumbersEnds() {
    BarRenderer renderer = new BarRenderer(false);
    ProgressEvent small = progress(1, "a.bin", 10, 1000, 100);
    ProgressEvent large =
        progress(2, "a-much-longer-name-than-the-other.iso", 900 * MIB, 1000 * MIB, 600_000);
    List<String> both = render(renderer, 100, small, large);
    List<String> alone = render(renderer, 100, small);
    assertThat(inner(alone.get(0))).hasSameSizeAs(inner(both.get(0)));
    assertThat(alone.get(0).indexOf('│')).isEqualTo(both.get(0).indexOf('│'));
    assertThat(alone.get(0).lastIndexOf('│')).isEqualTo(both.get(1).lastIndexOf('│'));
  }

  @Test
  void lines_unknownTotal_showBytesAndSpeedButNoPercentage() {
    ProgressEvent e = progress(1, "stream.log", 5 * MIB, -1, 2000);
    String line = render(new BarRenderer(true), 100, e).get(0);
    assertThat(line).contains("5.0 MiB", "2.5 MiB/s", "<=>", "2.0 s").doesNotContain("%", "ETA");
  }

  @Test
  void lines_longName_isShortenedWithAnEllipsisKeepingTheExtension() {
    String name = "quarterly-financial-report-final-version-2.pdf";
    String line = line(80, progress(1, name, 1, 2, 10));
    assertThat(line).contains("…").contains(".pdf").doesNotContain(name);
    assertThat(Columns.width(line)).isLessThan(80);
    String ascii = render(new BarRenderer(true), 80, progress(1, name, 1, 2, 10)).get(0);
    assertThat(ascii).contains("...").doesNotContain("…");
  }

  @Test
  void lines_ofOneFrame_areAligned() {
    List<String> lines =
        render(
            new BarRenderer(false),
            100,
            progress(1, "a.pdf", 10, 1000, 100),
            progress(2, "much-longer-name.iso", 900_000_000, 1_000_000_000, 100));
    assertThat(lines.get(0).indexOf('│')).isEqualTo(lines.get(1).indexOf('│'));
    assertThat(lines.get(0).lastIndexOf('│')).isEqualTo(lines.get(1).lastIndexOf('│'));
    assertThat(lines.get(0).indexOf("ETA")).isEqualTo(lines.get(1).indexOf("ETA"));
  }

  @Test
  void lines_wideCharacters_countTwoColumns_soBarsAlignOnTheScreen() {
    ProgressEvent[] events = {
      progress(1, "report.pdf", 10, 100, 100),
      progress(2, "年度報告書の最終版.pdf", 10, 100, 100),
      progress(3, "re\u0301sume\u0301.pdf", 10, 100, 100)
    };
    List<String> lines = render(new BarRenderer(false), 80, events);
    int bar = Columns.width(lines.get(0).substring(0, lines.get(0).indexOf('│')));
    for (String line : lines) {
      assertThat(Columns.width(line)).isLessThan(80);
      assertThat(Columns.width(line.substring(0, line.indexOf('│')))).isEqualTo(bar);
    }
    assertThat(lines.get(2)).startsWith("re\u0301sume\u0301.pdf ");
    // counted by hand, where the names fit: 9 wide characters take 9 columns more than their 9
    // chars, and 2 combining marks are 2 chars that take no column
    List<String> wide = render(new BarRenderer(false), 120, events);
    int ascii = wide.get(0).indexOf('│');
    assertThat(wide.get(1)).startsWith("年度報告書の最終版.pdf ");
    assertThat(wide.get(1).indexOf('│')).isEqualTo(ascii - 9);
    assertThat(wide.get(2).indexOf('│')).isEqualTo(ascii + 2);
  }

  @Test
  void lines_longWideName_isEllipsizedByColumns() {
    String name = "東京大阪名古屋札幌福岡京都神戸横浜仙台広島の売上データ.csv";
    String line = line(80, progress(1, name, 1, 2, 10));
    String label = line.substring(0, line.indexOf('│')).stripTrailing();
    assertThat(label).contains("…").endsWith(".csv");
    assertThat(Columns.width(line)).isLessThan(80);
  }

  @Test
  void lines_narrowing_dropTheLeastImportantFirst_andAlwaysFit() {
    ProgressEvent e = progress(1, "report.pdf", 6 * MIB, 16 * MIB, 3000);
    for (int width = 20; width <= 240; width++) {
      String line = line(width, e);
      assertThat(Columns.width(line)).as("width %d", width).isLessThan(width);
      assertThat(line).as("width %d", width).startsWith("rep").contains("37%");
    }
    assertThat(line(120, e)).contains("│", "6.0/16.0 MiB", "2.0 MiB/s", "3.0 s", "ETA 5.0 s");
    assertThat(line(90, e)).contains("│", "2.0 MiB/s", "ETA").doesNotContain("3.0 s");
    assertThat(line(60, e)).contains("│", "6.0/16.0 MiB", "ETA").doesNotContain("MiB/s");
    assertThat(line(50, e)).contains("6.0/16.0 MiB", "ETA").doesNotContain("│");
    assertThat(line(30, e)).contains("ETA 5.0 s").doesNotContain("MiB", "│");
    assertThat(line(20, e)).isEqualTo("report.pdf      37%");
  }

  @Test
  void lines_itemsWithoutAWidestValue_widenTheirColumnUntilNoTransferIsShown() {
    BarRenderer renderer = new BarRenderer(false);
    ProgressEvent items =
        progress(1, "rows", 1234, 5_000_000, 1000).toBuilder().unit(Unit.ITEMS).build();
    String line = render(renderer, 120, items).get(0);
    assertThat(line).contains("1,234/5,000,000 items");
    int end = line.lastIndexOf('│');
    String later =
        render(renderer, 120, items.toBuilder().bytes(4_999_999).speed(12_345_678).build()).get(0);
    assertThat(later).contains("4,999,999/5,000,000 items", "12,345,678 items/s");
    String again = render(renderer, 120, items).get(0);
    assertThat(again.lastIndexOf('│')).isEqualTo(later.lastIndexOf('│')).isLessThanOrEqualTo(end);
  }
}
