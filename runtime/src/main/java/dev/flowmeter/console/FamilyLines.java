// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Text;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lines under an operation's or a group's bar: an operation's stages ({@code [✓] Download
 * postgresql-15 (1m 23s)}, {@code [→] Installing dependencies 40%}, {@code [ ] Configuring
 * database}) and a group's running files ({@code photo-3.jpg uploading 45% 2 of 4 parts}).
 *
 * <p>Glyphs: done {@code ✓}, running {@code →}, failed {@code ✗}, cancelled {@code -}, pending a
 * blank; in ASCII ({@code ascii}: the console's charset cannot encode them) {@code +}, {@code >},
 * {@code !}, {@code -} and a blank, so a stage's state is never told by colour alone.
 *
 * <p>Lines are bounded: at most {@code rows} of them, the stages done before the window folded into
 * one line ({@code [✓] 12 stages done}) and those after it into another ({@code [ ] 5 more
 * stages}); the running files beyond the rows into {@code … and 7 more files}. Each line is shorter
 * than the width given, and every name and message is sanitized ({@link Text#sanitize}).
 *
 * <p>Immutable and thread-safe.
 */
final class FamilyLines {
  /** The most lines drawn under one operation or group on a terminal. */
  static final int MAX_ROWS = 8;

  private static final String INDENT = "  ";

  private final boolean ascii;
  private final ConsoleMessages messages;

  FamilyLines(boolean ascii, ConsoleMessages messages) {
    this.ascii = ascii;
    this.messages = messages;
  }

  /** The box of a stage in {@code status}: {@code [✓]}, {@code [→]}, {@code [ ]}... */
  String box(Status status) {
    switch (status) {
      case COMPLETED:
        return ascii ? "[+]" : "[\u2713]";
      case FAILED:
        return ascii ? "[!]" : "[\u2717]";
      case CANCELLED:
        return "[-]";
      case PENDING:
        return "[ ]";
      default:
        return ascii ? "[>]" : "[\u2192]";
    }
  }

  /**
   * One stage as a line: {@code [✓] name (1m 23s)}, {@code [✗] name (12.0 s): message}, {@code [→]
   * name 40%} (with {@code detail}, a stream running inside it, when not null), {@code [ ] name}.
   */
  String stage(StageState s, @Nullable ProgressEvent detail) {
    StringBuilder line = new StringBuilder(box(s.status())).append(' ');
    line.append(Text.sanitize(s.name()));
    Status status = s.status();
    if (status.isFinal()) {
      if (status != Status.CANCELLED || !s.elapsed().isZero()) { // a stage never begun: no time
        line.append(" (").append(Text.duration(s.elapsed())).append(')');
      }
      if (status != Status.COMPLETED && s.message() != null) {
        line.append(": ").append(Text.sanitize(s.message()));
      }
    } else if (status != Status.PENDING) {
      if (s.fraction() >= 0) {
        line.append("  ").append((int) Math.floor(s.fraction() * 100)).append('%');
      }
      if (detail != null) {
        line.append("  ").append(messages.name(detail)).append(' ');
        line.append(BarRenderer.amounts(detail));
        if (detail.speed() > 0) {
          line.append(", ").append(Text.rate(detail.speed(), detail.unit()));
        }
      }
    }
    return line.toString();
  }

  /**
   * The stage lines of {@code operation}, at most {@code rows} of them, each shorter than {@code
   * width}: the current stage (the first that has not completed) and those after it come first into
   * the window, the stages done before it are folded when they do not fit.
   */
  List<String> stages(
      ProgressEvent operation, @Nullable ProgressEvent detail, int rows, int width) {
    List<StageState> stages = operation.stages();
    int n = stages.size();
    List<String> lines = new ArrayList<>(Math.min(n, Math.max(rows, 0)));
    if (rows <= 0 || n == 0) {
      return lines;
    }
    int current = 0;
    while (current < n - 1 && stages.get(current).status() == Status.COMPLETED) {
      current++;
    }
    int from = 0;
    int to = n;
    if (n > rows) {
      from = Math.max(0, Math.min(current, n - (rows - 1)));
      int room = rows - (from > 0 ? 1 : 0);
      to = Math.min(n, from + room);
      if (to < n) {
        to--; // a row for the line that counts the stages after the window
      }
      if (to <= from) { // two rows or fewer: the current stage, and one count at most
        from = current;
        to = current + 1;
        if (rows == 1) {
          lines.add(cut(stage(stages.get(current), detail), width));
          return lines;
        }
      }
    }
    if (from > 0) {
      int done = 0;
      for (int i = 0; i < from; i++) {
        done += stages.get(i).status() == Status.COMPLETED ? 1 : 0;
      }
      String what = done == from ? " done" : " ended";
      lines.add(
          cut(
              box(done == from ? Status.COMPLETED : Status.CANCELLED)
                  + " "
                  + from
                  + plural(from)
                  + what,
              width));
    }
    for (int i = from; i < to; i++) {
      StageState s = stages.get(i);
      lines.add(cut(stage(s, s.status().isFinal() ? null : detail), width));
    }
    if (to < n && lines.size() < rows) {
      lines.add(cut(box(Status.PENDING) + " " + (n - to) + " more" + plural(n - to), width));
    }
    return lines;
  }

  private static String plural(int n) {
    return n == 1 ? " stage" : " stages";
  }

  /**
   * The lines of a group's running {@code files}, at most {@code rows}, each shorter than {@code
   * width}: {@code name step 45% message}, and {@code … and 7 more files} when more run.
   */
  List<String> files(List<ProgressEvent> files, int rows, int width) {
    int n = files.size();
    List<String> lines = new ArrayList<>(Math.min(n, Math.max(rows, 0)));
    if (rows <= 0 || n == 0) {
      return lines;
    }
    int shown = n <= rows ? n : rows - 1;
    for (int i = 0; i < shown; i++) {
      lines.add(cut(file(files.get(i)), width));
    }
    if (shown < n) {
      String more = (ascii ? "..." : "\u2026") + " and " + (n - shown) + " more file";
      lines.add(cut(INDENT + more + (n - shown == 1 ? "" : "s"), width));
    }
    return lines;
  }

  /** One running file of a group: {@code name uploading 45% message}. */
  String file(ProgressEvent e) {
    StringBuilder line = new StringBuilder(INDENT).append(messages.name(e));
    e.step().ifPresent(step -> line.append("  ").append(Text.sanitize(step)));
    if (e.isPercentageKnown()) {
      line.append(' ').append((int) Math.floor(e.percentage())).append('%');
    }
    e.message().ifPresent(m -> line.append("  ").append(Text.sanitize(m)));
    return line.toString();
  }

  private String cut(String line, int width) {
    return Columns.cut(line, Math.max(1, width - 1), ascii);
  }
}
