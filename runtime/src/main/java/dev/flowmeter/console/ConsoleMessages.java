// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The words of the console sink's lines, in one place. Every name, operation and error message is
 * passed through {@link Text#sanitize} here, so no control character from a file name or an
 * exception message reaches the console; a name that is an absolute file path is shortened ({@link
 * ConsoleNames}).
 *
 * <p>Immutable and thread-safe.
 */
final class ConsoleMessages {
  /** The fewest columns a name is shortened to, to make a summary line fit the terminal. */
  static final int MIN_NAME = 12;

  private final boolean ascii;
  private final @Nullable Path workingDirectory;

  /**
   * Messages with {@code ...} for an ellipsis when {@code ascii}, naming files relative to {@code
   * workingDirectory} when they are under it.
   */
  ConsoleMessages(boolean ascii, @Nullable Path workingDirectory) {
    this.ascii = ascii;
    this.workingDirectory = workingDirectory;
  }

  /**
   * The line that stays when a transfer ends: {@code report.pdf completed in 7.2 s, average 2.1
   * MiB/s (15.2 MiB)}, {@code report.pdf failed after 3.0 s: Connection reset}, {@code report.pdf
   * cancelled after 3.0 s: JVM shutting down}.
   */
  String summary(ProgressEvent e) {
    return name(e) + summaryTail(e);
  }

  /**
   * {@link #summary} within {@code max} columns, for a terminal. What gives way first is what says
   * least: the size, then the average speed of a completed transfer; then the name is shortened
   * (down to {@link #MIN_NAME} columns); then the end of the line is cut, with an ellipsis.
   */
  String summary(ProgressEvent e, int max) {
    String name = name(e);
    int nameWidth = Columns.width(name);
    List<String> tails = new ArrayList<>(3);
    tails.add(summaryTail(e));
    if (e.status() == Status.COMPLETED) {
      String duration = Text.duration(e.elapsed());
      tails.add(" completed in " + duration + ", average " + Text.rate(e.averageSpeed(), e.unit()));
      tails.add(" completed in " + duration);
    }
    for (String tail : tails) {
      if (nameWidth + Columns.width(tail) <= max) {
        return name + tail;
      }
    }
    String tail = tails.get(tails.size() - 1);
    int tailWidth = Columns.width(tail);
    name = Columns.ellipsize(name, Math.max(max - tailWidth, Math.min(MIN_NAME, nameWidth)), ascii);
    return Columns.cut(name + tail, max, ascii);
  }

  private static String summaryTail(ProgressEvent e) {
    String duration = Text.duration(e.elapsed());
    switch (e.status()) {
      case FAILED:
        return " failed after " + duration + ": " + error(e, "unknown error");
      case CANCELLED:
        return " cancelled after " + duration + ": " + error(e, "cancelled");
      default:
        return " completed in "
            + duration
            + ", average "
            + Text.rate(e.averageSpeed(), e.unit())
            + " ("
            + Text.amount(e.bytes(), e.unit())
            + ")";
    }
  }

  /**
   * The last live line when more transfers run than the terminal has rows for: {@code … and 17 more
   * running, 12 completed, 3 failed, 1 cancelled} ({@code 17 running, ...} when none is shown),
   * within {@code max} columns; the counts of ended transfers are those since the sink started, and
   * a count of 0 is left out. With {@code colour}, each count of ended transfers has the colour of
   * its status.
   */
  String overflow(
      int hidden, int shown, long completed, long failed, long cancelled, int max, boolean colour) {
    String head =
        shown > 0
            ? (ascii ? "..." : "\u2026") + " and " + hidden + " more running"
            : hidden + " running";
    long[] counts = {completed, failed, cancelled};
    String[] words = {" completed", " failed", " cancelled"};
    Colour[] colours = {Colour.GREEN, Colour.RED, Colour.YELLOW};
    StringBuilder plain = new StringBuilder(head);
    StringBuilder painted = new StringBuilder(head);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        String part = counts[i] + words[i];
        plain.append(", ").append(part);
        painted.append(", ").append(colours[i].paint(part));
      }
    }
    if (Columns.width(plain) > max) {
      return Columns.cut(plain.toString(), max, ascii); // this narrow: the words, without colour
    }
    return colour ? painted.toString() : plain.toString();
  }

  /** {@code report.pdf: started (15.2 MiB)}. */
  String started(ProgressEvent e) {
    return name(e) + ": started (" + size(e) + ")";
  }

  /**
   * A plain progress line: {@code report.pdf: 40% (6.1 MiB / 15.2 MiB, 2.1 MiB/s, ETA 5.3 s)}; when
   * the total is unknown but the share is known ({@code Transfer.fraction}, a parent's children)
   * {@code encode: 30% (1,200 frames, 40 frames/s, ETA 3.0 s)}; else {@code report.pdf: 6.1 MiB
   * (2.1 MiB/s)}. An operation with stages says its current one ({@code Installing PostgreSQL: 45%
   * (Installing dependencies, ETA unknown)}), a group its files ({@code photos: 30% (3 of 10 files,
   * ETA 1m 05s)}).
   */
  String progress(ProgressEvent e) {
    if (e.kind() == Kind.GROUP) {
      String files = BarRenderer.files(e);
      return e.isPercentageKnown()
          ? name(e)
              + ": "
              + (int) Math.floor(e.percentage())
              + "% ("
              + files
              + ", ETA "
              + e.eta().map(Text::duration).orElse("unknown")
              + ")"
          : name(e) + ": " + files;
    }
    if (e.kind() == Kind.OPERATION && !e.isTotalKnown() && !e.stages().isEmpty()) {
      // its share comes from its stages: say which one runs, not bytes it does not count
      String percent = e.isPercentageKnown() ? (int) Math.floor(e.percentage()) + "% " : "";
      return name(e)
          + ": "
          + percent
          + "("
          + e.step().map(Text::sanitize).orElse(e.stages().size() + " stages")
          + ", ETA "
          + e.eta().map(Text::duration).orElse("unknown")
          + ")";
    }
    String rate = Text.rate(e.speed(), e.unit());
    if (!e.isTotalKnown()) {
      String amount = Text.amount(e.bytes(), e.unit());
      if (!e.isPercentageKnown()) {
        return name(e) + ": " + amount + " (" + rate + ")";
      }
      return name(e)
          + ": "
          + (int) Math.floor(e.percentage())
          + "% ("
          + amount
          + ", "
          + rate
          + ", ETA "
          + e.eta().map(Text::duration).orElse("--")
          + ")";
    }
    return name(e)
        + ": "
        + (int) Math.floor(e.percentage())
        + "% ("
        + Text.amount(e.bytes(), e.unit())
        + " / "
        + Text.amount(e.totalBytes(), e.unit())
        + ", "
        + rate
        + ", ETA "
        + e.eta().map(Text::duration).orElse("--")
        + ")";
  }

  /** {@code report.pdf: started}, for the {@code minimal} style. */
  String minimalStart(ProgressEvent e) {
    return name(e) + ": started";
  }

  /** {@code report.pdf: saving}. */
  String saving(ProgressEvent e) {
    return name(e) + ": saving";
  }

  /** {@code report.pdf: 50%}, for the {@code minimal} style. */
  String milestone(ProgressEvent e, int percent) {
    return name(e) + ": " + percent + "%";
  }

  /** {@code Starting upload: large_file.zip (52,428,800 bytes)}. */
  String detailedStart(ProgressEvent e) {
    return "Starting "
        + Text.sanitize(e.operation())
        + ": "
        + name(e)
        + " ("
        + (e.isTotalKnown() ? exact(e.totalBytes(), e.unit()) : "size unknown")
        + ")";
  }

  /** {@code Progress: large_file.zip 40% (20.0 MiB of 50.0 MiB, 2.1 MiB/s, ETA 14.3 s)}. */
  String detailedMilestone(ProgressEvent e, int percent) {
    return "Progress: "
        + name(e)
        + " "
        + percent
        + "% ("
        + Text.amount(e.bytes(), e.unit())
        + " of "
        + Text.amount(e.totalBytes(), e.unit())
        + ", "
        + Text.rate(e.speed(), e.unit())
        + ", ETA "
        + e.eta().map(Text::duration).orElse("--")
        + ")";
  }

  /** {@code Saving: large_file.zip (52,428,800 bytes transferred)}. */
  String detailedSaving(ProgressEvent e) {
    return "Saving: " + name(e) + " (" + exact(e.bytes(), e.unit()) + " transferred)";
  }

  /** The block of lines printed when a transfer ends, in the {@code detailed} style. */
  List<String> detailedEnd(ProgressEvent e) {
    String head =
        (e.status() == Status.COMPLETED
                ? "Completed "
                : e.status() == Status.FAILED ? "Failed " : "Cancelled ")
            + Text.sanitize(e.operation())
            + ": "
            + name(e);
    String duration = "  Duration:      " + Text.duration(e.elapsed());
    String speed = "  Average speed: " + Text.rate(e.averageSpeed(), e.unit());
    if (e.status() == Status.COMPLETED) {
      return List.of(
          head,
          duration,
          speed,
          "  Size:          "
              + Text.amount(e.bytes(), e.unit())
              + " ("
              + exact(e.bytes(), e.unit())
              + ")");
    }
    String moved =
        "  Transferred:   "
            + Text.amount(e.bytes(), e.unit())
            + (e.isTotalKnown() ? " of " + Text.amount(e.totalBytes(), e.unit()) : "");
    String why =
        e.status() == Status.FAILED
            ? "  Error:         " + error(e, "unknown error")
            : "  Reason:        " + error(e, "cancelled");
    return List.of(head, duration, speed, moved, why);
  }

  /**
   * The sanitized name, shortened when it is an absolute file path, or {@code transfer #<id>} when
   * it is empty.
   */
  String name(ProgressEvent e) {
    return e.name().isEmpty()
        ? "transfer #" + e.transferId()
        : ConsoleNames.shorten(Text.sanitize(e.name()), workingDirectory, ascii);
  }

  private static String error(ProgressEvent e, String fallback) {
    return Text.sanitize(e.error().orElse(fallback));
  }

  private static String size(ProgressEvent e) {
    if (e.kind() == Kind.OPERATION && !e.isTotalKnown() && !e.stages().isEmpty()) {
      int stages = e.stages().size();
      return stages + (stages == 1 ? " stage" : " stages");
    }
    if (e.kind() == Kind.GROUP) {
      int files = Math.max(0, e.totalFiles());
      return files + (files == 1 ? " file" : " files");
    }
    return e.isTotalKnown() ? Text.amount(e.totalBytes(), e.unit()) : "size unknown";
  }

  private static String exact(long n, Unit unit) {
    String word = unit == Unit.BYTES ? " bytes" : unit == Unit.CHARS ? " chars" : " items";
    return Text.grouped(n) + word;
  }
}
