// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the terminal must show once a program has ended, checked row by row against a {@link
 * Capture} of its scrollback and screen.
 *
 * <p>Every non-blank row must be one of: a line the program printed (each exactly once, and the
 * lines of one sequence, a thread's say, in the order printed), a summary line of a transfer
 * ({@code name completed in ...}, {@code failed after}, {@code cancelled after}), or a row matching
 * a pattern the test allows (a log record's header). Any other row is a stray: a fragment of a bar
 * left behind by a redraw, half of a line that wrapped, a line drawn over another. A row showing a
 * bar ({@link #isBar}) counts apart even when the frame it belongs to was whole: once the program
 * has ended no live bar may be left anywhere, only the summary lines.
 *
 * <p>Also: no blank row between the first and the last row of output (a frame's lines scrolled away
 * blank), no line wider than the terminal (in tmux's joined capture a wrapped line is one line),
 * the cursor visible at the end, the exit status as expected (0 unless said); and on the screens
 * sampled while the program ran, bars drawn (or never, when the console's stream is not the
 * terminal) and the cursor hidden whenever they show.
 */
final class ScreenCheck {
  /**
   * A row of a live bar: any box-drawing or block character ({@code │ ━ █ ▏…▉ ░ ▒ ▓}, U+2500 to
   * U+259F), whatever glyphs the renderer chooses, or an ASCII bar ({@code [===> ]}, {@code [ <=>
   * ]}, {@code [### ]}). Other fragments of a bar line (its numbers, once it wrapped) are strays of
   * their own.
   */
  private static final Pattern BAR = Pattern.compile("[\u2500-\u259f]|\\[[=#<>\\- ]{3,}]");

  private static final Pattern SUMMARY =
      Pattern.compile(" (completed in|failed after|cancelled after) ");

  private static final int SHOWN = 6;

  private final Map<String, List<String>> sequences = new LinkedHashMap<>();
  private final List<String> completed = new ArrayList<>();
  private final Map<String, Integer> allowed = new LinkedHashMap<>();
  private boolean barsDrawn = true;
  private boolean narrowed;
  private int exit;

  /** {@code rows}, printed in this order (by one thread), must each show exactly once, in order. */
  ScreenCheck inOrder(String label, List<String> rows) {
    sequences.put(label, List.copyOf(rows));
    return this;
  }

  /** Each transfer in {@code names} must have exactly one {@code <name> completed in} row. */
  ScreenCheck completed(List<String> names) {
    completed.addAll(names);
    return this;
  }

  /**
   * Rows matching {@code regex} (the whole row) are not strays; exactly {@code count} must show, or
   * any number when {@code count} is negative.
   */
  ScreenCheck allow(String regex, int count) {
    allowed.put(regex, count);
    return this;
  }

  /**
   * Whether bars must be seen while the program runs (the default) or must never be seen (the
   * console's stream is not the terminal).
   */
  ScreenCheck barsDrawn(boolean drawn) {
    this.barsDrawn = drawn;
    return this;
  }

  /** The exit status the program must end with; 0 unless set. */
  ScreenCheck exit(int status) {
    this.exit = status;
    return this;
  }

  /**
   * The window was made narrower while bars were drawn: the terminal reflows the rows already on
   * it, which the console learns of only a signal later, so a fragment of the frame of that moment,
   * and blank rows where tmux rewrapped it, may stay in the scrollback, and lines printed before at
   * the old width now wrap. What still must hold: every printed line once and in order, the
   * summaries, the cursor, the exit status.
   */
  ScreenCheck narrowed() {
    this.narrowed = true;
    return this;
  }

  /** Fails with every problem found, the whole capture below them, when there is any. */
  void verify(Capture capture) {
    List<String> problems = problems(capture);
    if (!problems.isEmpty()) {
      fail(
          capture.name()
              + ": "
              + problems.size()
              + " problem(s)\n  - "
              + String.join("\n  - ", problems)
              + "\n"
              + capture.render());
    }
  }

  /** The problems of {@code capture}, one sentence each; empty when it shows what it must. */
  List<String> problems(Capture capture) {
    List<String> problems = new ArrayList<>();
    if (capture.exit() != exit) {
      problems.add("the program exited with " + capture.exit() + ", expected " + exit);
    }
    if (!capture.cursorVisible()) {
      problems.add("the cursor is hidden at the end");
    }
    List<String> rows = capture.lines().stream().map(String::stripTrailing).toList();
    if (!narrowed) {
      checkRows(rows, problems);
    }
    checkSequences(rows, problems);
    checkCompleted(rows, problems);
    if (!narrowed) {
      checkBlankRows(rows, problems);
      checkWidth(capture, problems);
    }
    checkFrames(capture, problems);
    return problems;
  }

  /**
   * The screens seen while the program ran: bars were drawn, or never, as asked; the cursor hidden
   * on every screen showing a bar. (How many bar rows a frame may take is checked by what it leaves
   * in the scrollback: a screen sampled shows the bottom rows only.)
   */
  private void checkFrames(Capture capture, List<String> problems) {
    if (capture.frames().isEmpty()) {
      return; // a file, not a terminal
    }
    List<Capture.Frame> withBars =
        capture.frames().stream()
            .filter(f -> f.rows().stream().anyMatch(ScreenCheck::isBar))
            .toList();
    if (barsDrawn && withBars.isEmpty()) {
      problems.add(
          "no bar was seen in "
              + capture.frames().size()
              + " screens sampled while the program ran");
    } else if (!barsDrawn && !withBars.isEmpty()) {
      problems.add(
          "bars were drawn on the terminal:\n" + String.join("\n", withBars.get(0).rows()));
    }
    long cursorShown = withBars.stream().filter(Capture.Frame::cursorVisible).count();
    if (cursorShown > 0) {
      problems.add(
          "the cursor was visible on "
              + cursorShown
              + " of "
              + withBars.size()
              + " screens sampled with bars (it is hidden while bars are drawn)");
    }
  }

  /** Whether {@code row} shows (part of) a live bar. */
  static boolean isBar(String row) {
    return BAR.matcher(row).find();
  }

  private void checkRows(List<String> rows, List<String> problems) {
    Set<String> expected = new HashSet<>();
    sequences.values().forEach(expected::addAll);
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    allowed.keySet().forEach(r -> patterns.put(r, Pattern.compile(r)));
    Map<String, Integer> counts = new HashMap<>();
    List<String> bars = new ArrayList<>();
    List<String> strays = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      String row = rows.get(i);
      if (row.isBlank()) {
        continue;
      }
      String shown = "row " + (i + 1) + " '" + row + "'";
      if (isBar(row)) {
        bars.add(shown);
        continue;
      }
      if (expected.contains(row) || SUMMARY.matcher(row).find()) {
        continue;
      }
      String match = null;
      for (Map.Entry<String, Pattern> p : patterns.entrySet()) {
        if (p.getValue().matcher(row).matches()) {
          match = p.getKey();
          break;
        }
      }
      if (match == null) {
        strays.add(shown);
      } else {
        counts.merge(match, 1, Integer::sum);
      }
    }
    if (!bars.isEmpty()) {
      problems.add(bars.size() + " row(s) of live bars left: " + first(bars));
    }
    if (!strays.isEmpty()) {
      problems.add(
          strays.size() + " stray row(s), neither a printed line nor a summary: " + first(strays));
    }
    allowed.forEach(
        (regex, count) -> {
          int n = counts.getOrDefault(regex, 0);
          if (count >= 0 && n != count) {
            problems.add(n + " row(s) matching '" + regex + "', expected " + count);
          }
        });
  }

  private void checkSequences(List<String> rows, List<String> problems) {
    Map<String, List<Integer>> where = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      where.computeIfAbsent(rows.get(i), r -> new ArrayList<>()).add(i);
    }
    sequences.forEach(
        (label, expected) -> {
          List<String> missing = new ArrayList<>();
          List<String> repeated = new ArrayList<>();
          List<String> disordered = new ArrayList<>();
          int last = -1;
          String lastRow = null;
          for (String row : expected) {
            List<Integer> at = where.getOrDefault(row, List.of());
            if (at.isEmpty()) {
              missing.add(row);
              continue;
            }
            if (at.size() > 1) {
              repeated.add(row + " (" + at.size() + " times)");
            }
            if (at.get(0) < last) {
              disordered.add("'" + row + "' above '" + lastRow + "'");
            }
            last = at.get(0);
            lastRow = row;
          }
          if (!missing.isEmpty()) {
            problems.add(
                label
                    + ": "
                    + missing.size()
                    + " of "
                    + expected.size()
                    + " line(s) missing: "
                    + first(missing));
          }
          if (!repeated.isEmpty()) {
            problems.add(label + ": " + repeated.size() + " line(s) repeated: " + first(repeated));
          }
          if (!disordered.isEmpty()) {
            problems.add(label + ": " + disordered.size() + " out of order: " + first(disordered));
          }
        });
  }

  private void checkCompleted(List<String> rows, List<String> problems) {
    for (String name : completed) {
      String needle = name + " completed in ";
      long n = rows.stream().filter(r -> r.contains(needle)).count();
      if (n != 1) {
        problems.add(n + " summary row(s) '" + needle + "...', expected 1");
      }
    }
  }

  private static void checkBlankRows(List<String> rows, List<String> problems) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).isBlank()) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    List<String> blanks = new ArrayList<>();
    for (int i = first + 1; i < last; i++) {
      if (rows.get(i).isBlank()) {
        blanks.add(String.valueOf(i + 1));
      }
    }
    if (!blanks.isEmpty()) {
      problems.add(blanks.size() + " blank row(s) inside the output: rows " + first(blanks));
    }
  }

  private static void checkWidth(Capture capture, List<String> problems) {
    List<String> wide = new ArrayList<>();
    for (String line : capture.joined()) {
      String l = line.stripTrailing();
      int width = l.codePointCount(0, l.length());
      if (width > capture.columns()) {
        wide.add(width + " columns '" + l + "'");
      }
    }
    if (!wide.isEmpty()) {
      problems.add(
          wide.size()
              + " line(s) wider than the terminal's "
              + capture.columns()
              + " columns, wrapped: "
              + first(wide));
    }
  }

  private static String first(List<String> items) {
    List<String> shown = items.subList(0, Math.min(SHOWN, items.size()));
    return String.join("; ", shown) + (items.size() > SHOWN ? "; ..." : "");
  }
}
