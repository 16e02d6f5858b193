// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the live lines of the {@code bar} style: one line per running transfer, {@code report.pdf
 * │████▍ │ 37% 6.0/16.0 MiB 2.0 MiB/s 3.0 s ETA 5.0 s}: the label, the bar, the percentage, the
 * amounts moved and in all, the speed, the time elapsed and the ETA.
 *
 * <p>The layout depends on the terminal's width alone, never on the numbers, so the bar keeps one
 * length from frame to frame while numbers grow and shrink and transfers end: each number column is
 * as wide as the widest value its format can produce ({@link #WIDEST}: {@code 100%}, {@code
 * 1023.9/1023.9 MiB}, {@code 1023.9 MiB/s}, {@code 59m 59s}, {@code ETA 59m 59s}), the label takes
 * half of what the numbers leave (14 to 60 columns), or less when the widest name shown since
 * transfers were last all gone is shorter, and the bar the rest. Counts in characters or items have
 * no widest value; their columns widen to the widest value shown and keep that width until no
 * transfer is shown. When only operations and groups are shown, a column none of them has a value
 * in (an operation's amounts) is left out, and its room goes to the bar.
 *
 * <p>A narrower terminal drops what matters least first: the elapsed time, then the speed, then the
 * bar, then the amounts, then the ETA, and at last the percentage, so that down to 20 columns a
 * line still shows the name and the percentage. A wider one gets a longer bar and a longer label.
 * Every line is shorter than the width, counted in terminal columns ({@link Columns}), so it never
 * wraps (a wrapped line would break the cursor movement that redraws the frame).
 *
 * <p>Not thread-safe; used by the sink's thread only.
 */
final class BarRenderer {
  /** Partial cells: index {@code n} fills {@code n} eighths of a cell. */
  static final String EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589";

  static final char FULL = '\u2588';

  static final int PERCENT = 0;
  static final int AMOUNT = 1;
  static final int SPEED = 2;
  static final int ELAPSED = 3;
  static final int ETA = 4;

  /**
   * The widest value each number column's format produces for bytes, in the order drawn: {@code
   * 100%}, {@code 1023.9/1023.9 MiB}, {@code 1023.9 MiB/s}, {@code 59m 59s} (and {@code 99h 59m}),
   * {@code ETA 59m 59s}.
   */
  static final int[] WIDEST = {4, 17, 12, 7, 11};

  private static final int ALL = 0b11111;
  private static final int MAX_LABEL = 60;
  private static final int MIN_LABEL = 8;

  /**
   * The widest name shown since transfers were last all gone: the label is no wider, and this width
   * only grows, so the bar does not change length as names come and go.
   */
  private int longestName;

  /** The layouts tried, richest first; the first that fits the width is drawn. */
  private static final Layout[] LAYOUTS = {
    new Layout(ALL, 20, 14),
    new Layout(ALL & ~(1 << ELAPSED), 12, 14),
    new Layout(1 << PERCENT | 1 << AMOUNT | 1 << ETA, 8, 12),
    new Layout(1 << PERCENT | 1 << AMOUNT | 1 << ETA, 0, 8),
    new Layout(1 << PERCENT | 1 << ETA, 0, 8),
    new Layout(1 << PERCENT, 0, 8),
  };

  /**
   * The layouts for a frame of operations and groups only: as {@link #LAYOUTS}, with one more that
   * keeps a short bar beside the percentage and the ETA, since their lines under the bar say the
   * rest; so at 40 columns an operation still has its bar.
   */
  private static final Layout[] FAMILY_LAYOUTS = {
    LAYOUTS[0],
    LAYOUTS[1],
    LAYOUTS[2],
    new Layout(1 << PERCENT | 1 << ETA, 4, 10),
    LAYOUTS[3],
    LAYOUTS[4],
    LAYOUTS[5],
  };

  /** Which number columns, and the fewest bar cells (0: no bar) and label columns it needs. */
  private static final class Layout {
    final int columns;
    final int minBar;
    final int minLabel;

    Layout(int columns, int minBar, int minLabel) {
      this.columns = columns;
      this.minBar = minBar;
      this.minLabel = minLabel;
    }
  }

  /** A layout fitted to a width: its number columns, the label's columns and the bar's cells. */
  private static final class Fit {
    final int columns;
    final int label;
    final int cells;

    Fit(int columns, int label, int cells) {
      this.columns = columns;
      this.label = label;
      this.cells = cells;
    }
  }

  private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private final boolean ascii;

  /** The widest value each column showed, while transfers are shown (units without a widest). */
  private final int[] shown = new int[WIDEST.length];

  BarRenderer(boolean ascii) {
    this.ascii = ascii;
  }

  /**
   * The live lines for {@code events}, one per transfer, in the given order, labelled with {@code
   * names}, each shorter than {@code width} columns.
   */
  List<String> lines(List<ProgressEvent> events, List<String> names, int width) {
    int n = events.size();
    if (n == 0) {
      Arrays.fill(shown, 0);
      longestName = 0;
      return List.of();
    }
    for (String name : names) {
      longestName = Math.max(longestName, Columns.width(name));
    }
    String[][] numbers = new String[n][];
    int present = 0; // the columns any line has a value in: an operation alone has no amounts
    for (int i = 0; i < n; i++) {
      numbers[i] = numbers(events.get(i));
      for (int c = 0; c < WIDEST.length; c++) {
        shown[c] = Math.max(shown[c], Columns.width(numbers[i][c]));
        present |= numbers[i][c].isEmpty() ? 0 : 1 << c;
      }
    }
    boolean families = families(events);
    if (!families) {
      present = ALL; // transfers keep their layout whatever their numbers
    }
    int[] widths = new int[WIDEST.length];
    for (int c = 0; c < WIDEST.length; c++) {
      widths[c] = Math.max(WIDEST[c], shown[c]);
    }
    int max = Math.max(1, width - 1);
    Fit fit =
        narrowLabel(fit(families ? FAMILY_LAYOUTS : LAYOUTS, max, widths, present, longestName));
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder line = new StringBuilder(width + 16);
      Columns.pad(line, Columns.ellipsize(names.get(i), fit.label, ascii), fit.label, false);
      if (fit.cells > 0) {
        line.append(' ').append(bounded(events.get(i), fit.cells));
      }
      for (int c = 0; c < WIDEST.length; c++) {
        if ((fit.columns & (1 << c)) != 0) {
          line.append(' ');
          Columns.pad(line, numbers[i][c], widths[c], true);
        }
      }
      lines.add(Columns.cut(strip(line), max, ascii));
    }
    return lines;
  }

  /**
   * {@code fit} with a label no wider than the longest name shown since transfers were last all
   * gone (a width that only grows, so the bar keeps its length), the columns saved given to the
   * bar.
   */
  private Fit narrowLabel(Fit fit) {
    if (fit.cells == 0 || longestName >= fit.label) {
      return fit;
    }
    int label = Math.max(MIN_LABEL, longestName);
    return label >= fit.label ? fit : new Fit(fit.columns, label, fit.cells + fit.label - label);
  }

  /**
   * The first layout that fits {@code max} columns with number columns this {@code wide}, of those
   * in {@code present} only; in {@link #FAMILY_LAYOUTS}, the label as wide as a {@code name}
   * columns wide, when the bar keeps its fewest cells.
   */
  private static Fit fit(Layout[] layouts, int max, int[] wide, int present, int name) {
    for (Layout layout : layouts) {
      int columns = layout.columns & present;
      int rest = max;
      for (int c = 0; c < WIDEST.length; c++) {
        if ((columns & (1 << c)) != 0) {
          rest -= 1 + wide[c];
        }
      }
      if (layout.minBar > 0) {
        rest -= 3; // the space after the label and the bar's two ends
        int label = Math.min(MAX_LABEL, Math.max(layout.minLabel, rest / 2));
        if (layouts == FAMILY_LAYOUTS) {
          // an operation's name says what runs: whole before a longer bar, as long as one is left
          label = Math.min(MAX_LABEL, Math.max(label, Math.min(name, rest - layout.minBar)));
        }
        if (rest - label >= layout.minBar) {
          return new Fit(columns, label, rest - label);
        }
      } else if (rest >= layout.minLabel) {
        return new Fit(columns, rest, 0);
      }
    }
    return new Fit(0, max, 0); // under 10 columns or so: the name alone
  }

  /** Whether every line shown is an operation's or a group's. */
  private static boolean families(List<ProgressEvent> events) {
    for (ProgressEvent e : events) {
      if (e.kind() != Kind.OPERATION && e.kind() != Kind.GROUP) {
        return false;
      }
    }
    return true;
  }

  /** The number columns of one transfer; an empty string where a value is unknown. */
  private static String[] numbers(ProgressEvent e) {
    return new String[] {percentage(e), family(e), speed(e), Text.duration(e.elapsed()), eta(e)};
  }

  /**
   * The amounts column: a group's count of files ({@code 3 of 10 files}), nothing for an operation
   * whose total is unknown (its share comes from its stages), else the {@link #amounts}.
   */
  private static String family(ProgressEvent e) {
    if (e.kind() == Kind.GROUP) {
      return files(e);
    }
    if (e.kind() == Kind.OPERATION && !e.isTotalKnown()) {
      return "";
    }
    return amounts(e);
  }

  /** The speed; none for an operation or a group that has not counted bytes of its own. */
  private static String speed(ProgressEvent e) {
    boolean family = e.kind() == Kind.OPERATION || e.kind() == Kind.GROUP;
    return family && e.bytes() == 0 ? "" : Text.rate(e.speed(), e.unit());
  }

  /** {@code 3 of 10 files}: a group's files that ended, and all it holds so far. */
  static String files(ProgressEvent e) {
    int total = Math.max(0, e.totalFiles());
    return Math.max(0, e.completedFiles()) + " of " + total + (total == 1 ? " file" : " files");
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

  /**
   * {@code 6.0/16.0 MiB}: both counts in the unit of the total, so the column has a widest value;
   * {@code 15.2 MiB} when the total is unknown; {@code 1,234/5,000 chars} in other units.
   */
  static String amounts(ProgressEvent e) {
    Unit unit = e.unit();
    long bytes = e.bytes();
    if (!e.isTotalKnown()) {
      return Text.amount(bytes, unit);
    }
    long total = e.totalBytes();
    if (!unit.isBytes()) {
      return Text.grouped(bytes) + "/" + Text.amount(total, unit);
    }
    if (total < 1024) {
      return bytes + "/" + total + " B";
    }
    int u = 0;
    while (u < BINARY_UNITS.length - 1 && total >> (10 * (u + 1)) >= 1024) {
      u++;
    }
    long scale = 1L << (10 * (u + 1));
    return Text.oneDecimal(bytes, scale)
        + "/"
        + Text.oneDecimal(total, scale)
        + " "
        + BINARY_UNITS[u];
  }

  private static String eta(ProgressEvent e) {
    if (e.status() == Status.SAVING) {
      return "saving";
    }
    boolean family = e.kind() == Kind.OPERATION || e.kind() == Kind.GROUP;
    if (!e.isPercentageKnown() && !family) {
      return "";
    }
    // a family's ETA is empty when a later stage has no history: say so rather than guess
    return "ETA " + e.eta().map(Text::duration).orElse(family ? "unknown" : "--");
  }

  private static String strip(StringBuilder line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    return line.substring(0, end);
  }
}
