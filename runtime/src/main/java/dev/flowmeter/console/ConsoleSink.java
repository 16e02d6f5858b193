// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.Kind;
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
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code console} sink: live bars on a terminal, plain lines elsewhere.
 *
 * <p>Styles: {@link Style#BARS} redraws one line per running transfer in place (a terminal), as a
 * screen, not a scroll: never more live lines than {@link ConsoleScreen#liveRows()}; when more
 * transfers run than fit, the most recently active are shown ({@link RunningTransfers}), in the
 * order they started, and one last line counts the others ({@code … and 17 more running, 12
 * completed, 3 failed}). A transfer that ends leaves its summary line above the live lines,
 * coloured by its status when {@link ConsoleScreen#colour()} allows. Every line drawn fits the
 * terminal's current width ({@link BarRenderer}), read at each frame, and a resize draws a frame at
 * once.
 *
 * <p>{@link Style#LINES} is what {@code bar} becomes when the output is not a terminal. It prints,
 * for each transfer: one line when it starts; one line at the first snapshot whose percentage has
 * reached the next multiple of 10 (10 % to 90 %), showing the percentage of that snapshot, so it
 * can be past the step ({@code 12%}), and only the highest step when one snapshot passes several;
 * one line with the current numbers when 10 s of event time have passed since its last line without
 * a step (an unknown total has no steps, so it gets these only); one when it starts saving; and one
 * when it ends. Nothing is interpolated: every number printed was measured. Snapshots come every
 * {@code flowmeter.interval} (100 ms by default), so a transfer at a steady rate that takes one
 * second or more gets a line for every step; a shorter one, fewer.
 *
 * <p>{@link Style#DETAILED} is a scrolling log (a start line, a line each 20 %, a block when the
 * transfer ends) and {@link Style#MINIMAL} prints a line each 25 %. Transfers that are still {@code
 * pending} are not shown. Lines are collected in {@link #onEvent} and written in {@link #flush()},
 * one write per batch. Names that are absolute file paths are shortened ({@link ConsoleNames}).
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
  private final ConsoleMessages messages;
  private final @Nullable LineFile log;
  private final @Nullable ConsoleCapture capture;
  private final RunningTransfers running = new RunningTransfers();
  private final Map<Long, Milestone> milestones = new HashMap<>();
  private final List<String> lines = new ArrayList<>();
  private final Families families = new Families();
  private final FamilyLines family;

  /** In the line styles, the status of each stage of each running operation when last seen. */
  private final Map<Long, Status[]> stagesSeen = new HashMap<>();

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

  /**
   * A sink drawing on {@code screen} in {@code style}, with ASCII characters only when {@code
   * ascii}, copying the {@code detailed} style's lines to {@code log} when not null; {@code
   * capture}, when not null, is uninstalled when the sink closes.
   */
  ConsoleSink(
      Style style,
      ConsoleScreen screen,
      boolean ascii,
      @Nullable LineFile log,
      @Nullable ConsoleCapture capture) {
    this.style = style;
    this.screen = screen;
    this.renderer = new BarRenderer(ascii);
    this.messages = new ConsoleMessages(ascii, ConsoleNames.workingDirectory());
    this.family = new FamilyLines(ascii, messages);
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
    if (families.member(e)) {
      // a stage, a stream inside one, or a group's file: drawn as lines of its family
      if (e.isFinal() && e.kind() == Kind.FILE) {
        summary(e);
      }
      structural |= e.isLifecycle();
    } else if (e.isFinal()) {
      running.end(e);
      summary(e);
      if (e.kind() == Kind.OPERATION) {
        lines.addAll(family.stages(e, null, FamilyLines.MAX_ROWS, screen.columns()));
      }
      families.end(e.transferId());
    } else if (e.status().isFinal()) {
      return; // a late snapshot of an ended transfer
    } else {
      boolean added = running.update(e);
      structural |= added || e.isLifecycle();
    }
    dirty = true;
    if (e.time().isAfter(latest)) {
      latest = e.time();
    }
  }

  /** The line that stays when a transfer ends, in its status's colour when allowed. */
  private void summary(ProgressEvent e) {
    String line = messages.summary(e, screen.columns() - 1);
    Colour colour = Colour.of(e.status());
    lines.add(screen.colour() && colour != null ? colour.paint(line) : line);
    structural = true;
  }

  private void lines(ProgressEvent e) {
    long id = e.transferId();
    if (e.kind() == Kind.STAGE || (e.kind() == Kind.FILE && !e.isFinal())) {
      return; // the operation's events say when its stages begin and end; a file, when it ends
    }
    if (e.isFinal()) {
      milestones.remove(id);
      if (e.kind() == Kind.OPERATION) {
        stageLines(e);
        stagesSeen.remove(id);
      }
      if (style == Style.DETAILED) {
        lines.addAll(messages.detailedEnd(e));
      } else {
        lines.add(messages.summary(e));
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
      lines.add(style == Style.DETAILED ? messages.detailedStart(e) : start(e));
    }
    if (e.kind() == Kind.OPERATION) {
      stageLines(e);
    }
    if (e.isLifecycle() && e.status() == Status.SAVING) {
      if (style == Style.DETAILED) {
        lines.add(messages.detailedSaving(e));
      } else if (style == Style.LINES) {
        lines.add(messages.saving(e));
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
      lines.add(messages.progress(e));
      m.lastLine = e.time();
    }
  }

  /**
   * The lines of an operation's stages that began or ended since its last event: {@code Installing
   * PostgreSQL: [→] Installing dependencies}, {@code Installing PostgreSQL: [✓] Download
   * postgresql-15 (1m 23s)}. A stage that began and ended between two events gets its end line
   * only.
   */
  private void stageLines(ProgressEvent e) {
    List<ProgressEvent.StageState> stages = e.stages();
    Status[] seen = stagesSeen.get(e.transferId());
    if (seen == null || seen.length != stages.size()) {
      Status[] grown = new Status[stages.size()];
      java.util.Arrays.fill(grown, Status.PENDING);
      if (seen != null) {
        System.arraycopy(seen, 0, grown, 0, Math.min(seen.length, grown.length));
      }
      seen = grown;
      stagesSeen.put(e.transferId(), seen);
    }
    String name = null;
    for (int i = 0; i < stages.size(); i++) {
      ProgressEvent.StageState s = stages.get(i);
      Status now = s.status();
      boolean began = seen[i] == Status.PENDING && now != Status.PENDING && !now.isFinal();
      boolean ended = now.isFinal() && !seen[i].isFinal();
      if (began || ended) {
        name = name != null ? name : messages.name(e);
        lines.add(name + ": " + family.stage(s, null));
      }
      seen[i] = now;
    }
  }

  private String start(ProgressEvent e) {
    return style == Style.MINIMAL ? messages.minimalStart(e) : messages.started(e);
  }

  private String milestone(ProgressEvent e, int percent) {
    switch (style) {
      case DETAILED:
        return messages.detailedMilestone(e, percent);
      case MINIMAL:
        return messages.milestone(e, percent);
      default:
        return messages.progress(e);
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
    boolean resized = screen.takeResized();
    if (!dirty && !resized) {
      return;
    }
    boolean due =
        force
            || resized
            || structural
            || lastDraw == null
            || latest.isBefore(lastDraw)
            || !latest.isBefore(lastDraw.plus(REDRAW));
    if (!due) {
      return;
    }
    screen.draw(lines, frame());
    lines.clear();
    dirty = false;
    structural = false;
    lastDraw = latest;
  }

  /** The live lines: the transfers that fit, and the line that counts the others. */
  private List<String> frame() {
    int rows = screen.liveRows();
    int columns = screen.columns();
    int count = running.size();
    int fit = count <= rows ? count : rows - 1; // the last row counts the others
    List<RunningTransfers.Entry> shown = running.shown(fit);
    List<ProgressEvent> events = new ArrayList<>(shown.size());
    List<String> names = new ArrayList<>(shown.size());
    for (RunningTransfers.Entry entry : shown) {
      events.add(entry.event);
      names.add(entry.name(messages));
    }
    List<String> live = renderer.lines(events, names, columns);
    // rows the bars leave are shared by the operations and groups shown, the first first
    int spare = rows - shown.size() - (fit == count ? 0 : 1);
    List<String> all = new ArrayList<>(live.size() + Math.min(spare, 4 * FamilyLines.MAX_ROWS));
    for (int i = 0; i < live.size(); i++) {
      all.add(live.get(i));
      ProgressEvent e = events.get(i);
      int room = Math.min(spare, FamilyLines.MAX_ROWS);
      List<String> under = List.of();
      if (e.kind() == Kind.OPERATION) {
        under =
            family.stages(e, families.detail(e.transferId(), e.step().orElse(null)), room, columns);
      } else if (e.kind() == Kind.GROUP) {
        under = family.files(families.files(e.transferId()), room, columns);
      }
      all.addAll(under);
      spare -= under.size();
    }
    if (fit == count) {
      return all;
    }
    all.add(
        messages.overflow(
            count - fit,
            fit,
            running.completed(),
            running.failed(),
            running.cancelled(),
            columns - 1,
            screen.colour()));
    return all;
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
