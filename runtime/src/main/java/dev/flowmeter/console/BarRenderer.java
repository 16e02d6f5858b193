// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Renders the live lines of the {@code bar} style: one line per running transfer, {@code label
 * │████▍ │ 42% 6.3 MiB / 15.2 MiB 2.1 MiB/s ETA 4.1 s}.
 *
 * <p>The columns of one frame are aligned: the label, the bar and each number take the width of the
 * widest value among the transfers shown (number columns keep their widest width until no transfer
 * is shown, so the bar keeps its length). Every line is shorter than the terminal width, so it
 * never wraps (a wrapped line would break the cursor movement that redraws the frame). Widths are
 * counted in code points; a wide (East Asian) character in a name counts as one column.
 *
 * <p>Not thread-safe; used by the sink's thread only.
 */
final class BarRenderer {
  /** Partial cells: index {@code n} fills {@code n} eighths of a cell. */
  static final String EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589";

  static final char FULL = '\u2588';
  private static final int MIN_BAR = 4;

  private final int width;
  private final boolean ascii;

  /**
   * The widths of the number columns, which only grow while transfers are shown, so that the bar
   * does not change length from frame to frame as numbers get longer and shorter.
   */
  private final int[] widths = new int[5];

  BarRenderer(int width, boolean ascii) {
    this.width = width;
    this.ascii = ascii;
  }

  /** The live lines for {@code events}, one per transfer, in the given order. */
  List<String> lines(Collection<ProgressEvent> events) {
    int n = events.size();
    List<String[]> rows = new ArrayList<>(n);
    if (n == 0) {
      Arrays.fill(widths, 0);
    }
    int longestName = 1;
    for (ProgressEvent e : events) {
      String name = ConsoleMessages.name(e);
      longestName = Math.max(longestName, name.codePointCount(0, name.length()));
      String[] row = {name, percentage(e), amounts(e), Text.rate(e.speed(), e.unit()), eta(e)};
      for (int i = 1; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
      rows.add(row);
    }
    int max = width - 1;
    int label = Math.min(longestName, Math.max(8, max / 4));
    int stats = widths[1] + 1 + widths[2] + 2 + widths[3] + 2 + widths[4];
    int cells = max - label - 1 - 2 - 1 - stats;
    List<String> lines = new ArrayList<>(n);
    int i = 0;
    for (ProgressEvent e : events) {
      String[] row = rows.get(i++);
      StringBuilder line = new StringBuilder(width + 16);
      line.append(pad(Text.ellipsize(row[0], label, ascii), label, false)).append(' ');
      if (cells >= MIN_BAR) {
        line.append(bounded(e, cells)).append(' ');
      }
      line.append(pad(row[1], widths[1], true))
          .append(' ')
          .append(pad(row[2], widths[2], true))
          .append("  ")
          .append(pad(row[3], widths[3], true))
          .append("  ")
          .append(row[4]);
      lines.add(cut(strip(line), max));
    }
    return lines;
  }

  private String bounded(ProgressEvent e, int cells) {
    String inner =
        e.isPercentageKnown()
            ? bar(e.percentage() / 100.0, cells, ascii)
            : indeterminate(e.elapsed().toMillis() / 100, cells, ascii);
    return ascii ? "[" + inner + "]" : "\u2502" + inner + "\u2502";
  }

  /**
   * A bar of exactly {@code cells} characters filled to {@code fraction} (0 to 1). In Unicode, full
   * cells are {@code █} and the last cell shows the remaining eighths ({@code ▏▎▍▌▋▊▉}); in ASCII,
   * {@code =====> }.
   */
  static String bar(double fraction, int cells, boolean ascii) {
    double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    StringBuilder bar = new StringBuilder(cells);
    if (ascii) {
      int full = (int) Math.floor(f * cells + 1e-9);
      bar.append("=".repeat(full));
      if (full < cells && f > 0) {
        bar.append('>');
      }
    } else {
      long eighths = (long) Math.floor(f * cells * 8 + 1e-9);
      int full = (int) (eighths / 8);
      bar.append(String.valueOf(FULL).repeat(full));
      int partial = (int) (eighths % 8);
      if (partial > 0) {
        bar.append(EIGHTHS.charAt(partial));
      }
    }
    while (bar.length() < cells) {
      bar.append(' ');
    }
    return bar.toString();
  }

  /**
   * A bar of {@code cells} characters for an unknown total: a short block that moves one cell per
   * {@code step} and bounces between the ends. It shows that bytes are moving, never how many are
   * left.
   */
  static String indeterminate(long step, int cells, boolean ascii) {
    int block = Math.max(1, Math.min(3, cells / 4));
    int span = cells - block;
    int position = 0;
    if (span > 0) {
      long p = Math.floorMod(step, 2L * span);
      position = (int) (p <= span ? p : 2L * span - p);
    }
    String blockText = ascii ? (block >= 3 ? "<=>" : "=".repeat(block)) : "\u2588".repeat(block);
    return " ".repeat(position) + blockText + " ".repeat(cells - block - position);
  }

  private static String percentage(ProgressEvent e) {
    return e.isPercentageKnown() ? (int) Math.floor(e.percentage()) + "%" : "";
  }

  private static String amounts(ProgressEvent e) {
    if (!e.isTotalKnown()) {
      return Text.amount(e.bytes(), e.unit());
    }
    return Text.amount(e.bytes(), e.unit()) + " / " + Text.amount(e.totalBytes(), e.unit());
  }

  private static String eta(ProgressEvent e) {
    if (e.status() == Status.SAVING) {
      return "saving";
    }
    if (!e.isPercentageKnown()) {
      return "";
    }
    return "ETA " + e.eta().map(Text::duration).orElse("--");
  }

  private static String pad(String s, int width, boolean right) {
    int length = s.codePointCount(0, s.length());
    if (length >= width) {
      return s;
    }
    String spaces = " ".repeat(width - length);
    return right ? spaces + s : s + spaces;
  }

  private static String strip(StringBuilder line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    return line.substring(0, end);
  }

  private static String cut(String line, int max) {
    if (line.codePointCount(0, line.length()) <= max) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, Math.max(0, max)));
  }
}
