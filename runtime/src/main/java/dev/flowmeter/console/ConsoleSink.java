// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code console} sink: live bars on a terminal, plain lines elsewhere.
 *
 * <p>Styles: {@link Style#BARS} redraws one line per running transfer in place (a terminal); {@link
 * Style#LINES} is what {@code bar} becomes when the output is not a terminal: a start line, a line
 * at each 10 % or every 10 s (whichever comes first), and a finish line; {@link Style#DETAILED} and
 * {@link Style#MINIMAL} print milestone lines. Transfers that are still {@code pending} are not
 * shown. Lines are collected in {@link #onEvent} and written in {@link #flush()}, one write per
 * batch.
 *
 * <p>The {@code detailed} style may copy its lines to a log file. The log is secondary: when it
 * cannot be written (a full disk) the sink says so once, on standard error, and goes on showing
 * every line on the console exactly once; the log gets the lines again when it can be written (see
 * {@link LineFile}).
 *
 * <p>Time is the events' own {@link ProgressEvent#time()}, never the wall clock: the 10 s rule and
 * the 100 ms redraw limit behave the same in a test that builds its events by hand.
 *
 * <p>Thread-safety: called by its dispatcher thread only; what it shares with application threads
 * (the stream, through {@link ConsoleOutput}) is guarded by the {@link ConsoleScreen}.
 */
final class ConsoleSink implements ProgressSink {
  /** How the sink shows transfers. */
  enum Style {
    BARS(10),
    LINES(10),
    DETAILED(20),
    MINIMAL(25);

    final int step;

    Style(int step) {
      this.step = step;
    }
  }

  static final Duration REDRAW = Duration.ofMillis(100);
  static final Duration LINE_PERIOD = Duration.ofSeconds(10);

  private final Style style;
  private final ConsoleScreen screen;
  private final BarRenderer renderer;
  private final @Nullable LineFile log;
  private final @Nullable ConsoleCapture capture;
  private final Map<Long, ProgressEvent> live = new LinkedHashMap<>();
  private final Map<Long, Milestone> milestones = new HashMap<>();
  private final List<String> lines = new ArrayList<>();
  private boolean dirty;
  private boolean structural;
  private @Nullable Instant lastDraw;
  private Instant latest = Instant.MIN;
  private boolean closed;

  /** Progress of one transfer in the line styles: the last step shown and when. */
  private static final class Milestone {
    int step;
    Instant lastLine;

    Milestone(int step, Instant lastLine) {
      this.step = step;
      this.lastLine = lastLine;
    }
  }

  ConsoleSink(
      Style style,
      ConsoleScreen screen,
      BarRenderer renderer,
      @Nullable LineFile log,
      @Nullable ConsoleCapture capture) {
    this.style = style;
    this.screen = screen;
    this.renderer = renderer;
    this.log = log;
    this.capture = capture;
    ConsoleOutput.activate(screen);
  }

  @Override
  public void onEvent(ProgressEvent event) {
    if (event.status() == Status.PENDING) {
      return;
    }
    if (style == Style.BARS) {
      bars(event);
    } else {
      lines(event);
    }
  }

  private void bars(ProgressEvent e) {
    if (e.isFinal()) {
      live.remove(e.transferId());
      lines.add(ConsoleMessages.summary(e));
      structural = true;
    } else if (e.status().isFinal()) {
      return; // a late snapshot of an ended transfer
    } else {
      boolean added = live.put(e.transferId(), e) == null;
      structural |= added || e.isLifecycle();
    }
    dirty = true;
    if (e.time().isAfter(latest)) {
      latest = e.time();
    }
  }

  private void lines(ProgressEvent e) {
    long id = e.transferId();
    if (e.isFinal()) {
      milestones.remove(id);
      if (style == Style.DETAILED) {
        lines.addAll(ConsoleMessages.detailedEnd(e));
      } else {
        lines.add(ConsoleMessages.summary(e));
      }
      return;
    }
    if (e.status().isFinal()) {
      return;
    }
    Milestone m = milestones.get(id);
    if (m == null) {
      m = new Milestone(step(e), e.time());
      milestones.put(id, m);
      lines.add(style == Style.DETAILED ? ConsoleMessages.detailedStart(e) : start(e));
    }
    if (e.isLifecycle() && e.status() == Status.SAVING) {
      if (style == Style.DETAILED) {
        lines.add(ConsoleMessages.detailedSaving(e));
      } else if (style == Style.LINES) {
        lines.add(ConsoleMessages.saving(e));
      }
      m.lastLine = e.time();
      return;
    }
    int step = step(e);
    if (step > m.step) {
      m.step = step;
      if (step * style.step < 100) {
        lines.add(milestone(e, step * style.step));
        m.lastLine = e.time();
      }
    } else if (style == Style.LINES
        && !e.time().isBefore(m.lastLine.plus(LINE_PERIOD))
        && e.status() == Status.IN_PROGRESS) {
      lines.add(ConsoleMessages.progress(e));
      m.lastLine = e.time();
    }
  }

  private String start(ProgressEvent e) {
    return style == Style.MINIMAL ? ConsoleMessages.minimalStart(e) : ConsoleMessages.started(e);
  }

  private String milestone(ProgressEvent e, int percent) {
    switch (style) {
      case DETAILED:
        return ConsoleMessages.detailedMilestone(e, percent);
      case MINIMAL:
        return ConsoleMessages.milestone(e, percent);
      default:
        return ConsoleMessages.progress(e);
    }
  }

  /** The number of whole steps reached, or 0 when the total is unknown. */
  private int step(ProgressEvent e) {
    return e.isPercentageKnown() ? (int) Math.floor(e.percentage() / style.step) : 0;
  }

  @Override
  public void flush() throws IOException {
    draw(false);
    screen.settle();
  }

  private void draw(boolean force) throws IOException {
    if (style != Style.BARS) {
      if (!lines.isEmpty()) {
        screen.draw(lines, List.of());
        copyToLog();
        lines.clear();
      }
      writeLog();
      return;
    }
    if (!dirty) {
      return;
    }
    boolean due =
        force
            || structural
            || lastDraw == null
            || latest.isBefore(lastDraw)
            || !latest.isBefore(lastDraw.plus(REDRAW));
    if (!due) {
      return;
    }
    screen.draw(lines, renderer.lines(live.values()));
    lines.clear();
    dirty = false;
    structural = false;
    lastDraw = latest;
  }

  private void copyToLog() {
    if (log != null) {
      for (String line : lines) {
        log.add(line + System.lineSeparator());
      }
    }
  }

  /** Writes the log; a failure is said once and kept from the console, which goes on. */
  private void writeLog() {
    if (log != null) {
      try {
        log.write();
      } catch (IOException e) {
        logFailed(e);
      }
    }
  }

  private void logFailed(IOException e) {
    Diagnostics.once(
        "sink.console.log:" + System.identityHashCode(this),
        "sink 'console': "
            + e.getMessage()
            + "; the lines still go to the console, and to the log once it can be written",
        e);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      draw(true);
    } finally {
      screen.close();
      if (capture != null) {
        capture.uninstall();
      }
      ConsoleOutput.deactivate(screen);
      if (log != null) {
        try {
          log.close();
        } catch (IOException e) {
          logFailed(e);
        }
      }
    }
  }
}
