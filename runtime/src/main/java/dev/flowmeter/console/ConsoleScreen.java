// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The console stream with the live lines (the bars) drawn at its bottom.
 *
 * <p>Two kinds of text reach the stream: lines that stay (a summary, a milestone, a line the
 * application prints) and the live lines, which are redrawn in place. Each call builds one string
 * holding the whole frame: the cursor moved up over the live lines drawn before, the lines that
 * stay, the live lines again, each followed by "erase to end of line", and "erase below" at the
 * end; it is handed to the stream in one {@code print} call, so the terminal never shows a
 * half-drawn frame.
 *
 * <p>The application's own output reaches the screen through {@link ConsoleCapture} (whatever it
 * writes to {@code System.out} and {@code System.err}) and {@link ConsoleOutput}. A complete line
 * is written above the live lines at once. A partial line (a {@code print} without a line break) is
 * kept whole: while bars are drawn it is shown as the first live line, and printed above them when
 * its line ends; while no bar is drawn it is written as it came, and the cursor rests after it, as
 * on a terminal without Flowmeter (a prompt stays a prompt).
 *
 * <p>Lines the application prints in a burst are written together: a line that comes less than 20
 * ms after the last frame waits, with those that follow it, for one frame 20 ms after that one
 * (drawn by a daemon thread, or by the next frame, whichever comes first), so the bars stay on the
 * screen and a program printing 100,000 lines does not send them 100,000 times. A line after a
 * quiet spell is written at once; at most {@link #MAX_WAITING} lines wait.
 *
 * <p>The cursor is hidden while bars are drawn and shown again when none is left and on {@link
 * #close()}; a JVM shutdown hook shows it too, should the sink never get to close.
 *
 * <p>Without {@code ansi} (not a terminal) there are no live lines, and nothing but plain lines is
 * ever written: no {@code \r}, no escape sequence.
 *
 * <p>Thread-safety: the sink's dispatcher thread draws and application threads print; every method
 * takes the one lock of this screen, so a printed line is never torn by a frame.
 */
final class ConsoleScreen {
  private static final String CSI = "\u001b[";
  private static final String ERASE_LINE_END = CSI + "K";

  /**
   * Erases the whole row before a line is written on it: a tab moves the cursor over what the row
   * held (a bar) without erasing it.
   */
  private static final String ERASE_LINE = CSI + "2K";

  private static final String ERASE_BELOW = CSI + "J";
  static final String HIDE_CURSOR = CSI + "?25l";
  static final String SHOW_CURSOR = CSI + "?25h";

  /** The least time between two frames drawn for the application's lines. */
  static final long BURST_NANOS = 20_000_000;

  /** The most lines of the application that wait for a frame. */
  static final int MAX_WAITING = 1000;

  private static final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "flowmeter-console");
            thread.setDaemon(true);
            return thread;
          });

  private final PrintStream out;
  private final Charset charset;
  private final boolean ansi;
  private final boolean colour;
  private final TerminalSize size;
  private final Object lock = new Object();
  private final LongSupplier nanoTime;

  /** The bars the sink gave last. */
  private List<String> bars = List.of();

  /** The live lines on screen now (partial lines of the application, then bars), as drawn. */
  private List<String> live = List.of();

  /** The application's partial lines, by the stream they came from, oldest first. */
  private final Map<Object, String> partials = new LinkedHashMap<>();

  /** The partial line written as it came after the live lines (the cursor rests after it). */
  private @Nullable Object partialShown;

  private String partialShownText = "";
  private volatile boolean cursorHidden;
  private volatile boolean exiting;
  private boolean closed;

  /** When the last frame was written, by the clock. */
  private long lastFrame;

  /** The application's lines waiting for the next frame (a burst). */
  private final List<String> waiting = new ArrayList<>();

  private boolean scheduled;

  /** How many reads of the terminal are under way: bars are off while any is. */
  private int inputs;

  /** Prompts the user's input finished on screen, by their source, until their line ends. */
  private final Map<Object, String> answered = new LinkedHashMap<>();

  /**
   * A screen on {@code out}; {@code ansi} when it is a terminal (live lines, escape sequences),
   * {@code colour} when lines may carry colour, and the size in {@code columns} and {@code rows}
   * ({@link Integer#MAX_VALUE} rows when not a terminal).
   */
  ConsoleScreen(PrintStream out, boolean ansi, boolean colour, int columns, int rows) {
    this(out, ansi, colour, TerminalSize.fixed(columns, rows));
  }

  /** A screen on {@code out} whose size is {@code size}, followed as it changes. */
  ConsoleScreen(PrintStream out, boolean ansi, boolean colour, TerminalSize size) {
    this(out, ansi, colour, size, System::nanoTime);
  }

  /** As above, with the clock that times bursts of lines ({@link System#nanoTime()}). */
  ConsoleScreen(
      PrintStream out, boolean ansi, boolean colour, TerminalSize size, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.out = out;
    this.charset = ConsoleCharsets.charset(out, true);
    this.ansi = ansi;
    this.colour = colour && ansi;
    this.size = size;
  }

  /** The width, in columns, no line drawn may reach; read at every frame (it follows resizes). */
  int columns() {
    return size.columns();
  }

  /**
   * How many live lines may be drawn now: the rows of the terminal, less the one the cursor rests
   * on and those the application's partial lines take; read at every frame. Very large when the
   * output is not a terminal.
   */
  int liveRows() {
    if (!ansi) {
      return Integer.MAX_VALUE;
    }
    int r = size.rows();
    int taken;
    synchronized (lock) {
      taken = partials.size();
    }
    return Math.max(1, r - 1 - taken);
  }

  /** Whether lines may carry colour (a terminal, and {@code NO_COLOR} not set). */
  boolean colour() {
    return colour;
  }

  /**
   * Whether the terminal's size changed since the last call: the sink then draws a frame at once,
   * laid out for the new size.
   */
  boolean takeResized() {
    return ansi && size.takeResized();
  }

  /**
   * Writes {@code lines} above the live area and replaces the bars with {@code newBars}, in one
   * write. Without ANSI, {@code newBars} must be empty.
   */
  void draw(List<String> lines, List<String> newBars) {
    synchronized (lock) {
      if (!ansi) {
        writePlain(lines);
        return;
      }
      if (size.resizing() && lines.isEmpty()) {
        return; // laid out for a width that is gone; the sink draws again once the size is known
      }
      if (!closed) {
        bars = List.copyOf(newBars);
      }
      write(lines);
    }
  }

  /**
   * Writes {@code text} (one or more lines) above the live lines, which are drawn again below it.
   */
  void println(String text) {
    List<String> lines = List.of(text.split("\r\n|\r|\n", -1));
    synchronized (lock) {
      if (!ansi) {
        writePlain(lines);
        return;
      }
      write(lines);
    }
  }

  /**
   * A line the application wrote to {@code source} ({@code System.out} or {@code System.err}),
   * without its line break, as the bytes it wrote (an ISO-8859-1 string, one char per byte: they
   * are written back unchanged).
   */
  void captured(Object source, String given) {
    synchronized (lock) {
      String line = given;
      String prompt = answered.remove(source);
      if (prompt != null && line.startsWith(prompt)) {
        line = line.substring(prompt.length());
      }
      partials.remove(source);
      if (partialShown == source
          && line.startsWith(partialShownText)
          && live.isEmpty()
          && waiting.isEmpty()) {
        // the start of the line is on screen already, the cursor after it: finish it there
        String rest = line.substring(partialShownText.length());
        partialShown = null;
        partialShownText = "";
        new Frame(charset).app(rest).ours(System.lineSeparator()).writeTo(out);
        showPartialLast();
        return;
      }
      waiting.add(line);
      long now = nanoTime.getAsLong();
      long wait = lastFrame + BURST_NANOS - now;
      if (bars.isEmpty() || wait <= 0 || waiting.size() >= MAX_WAITING) {
        write(List.of());
        return;
      }
      if (!scheduled) {
        scheduled = true;
        try {
          timer.schedule(this::settle, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          write(List.of());
        }
      }
    }
  }

  /**
   * The application is about to block reading the terminal (a prompt): the bars are taken off and
   * the cursor shown, the prompt written as it came with the cursor after it, so that what the user
   * types is echoed where it belongs; bars stay off until {@link #inputDone()}.
   */
  void inputStarts() {
    synchronized (lock) {
      inputs++;
      write(List.of());
    }
  }

  /**
   * The read returned: the user's line, echoed by the terminal, finished the prompt on screen and
   * left the cursor at the start of the next row. A line the program then ends that began with the
   * prompt is written without it, as on a terminal without Flowmeter.
   */
  void inputDone() {
    synchronized (lock) {
      inputs = Math.max(0, inputs - 1);
      if (partialShown != null) {
        answered.put(partialShown, partialShownText);
        partials.remove(partialShown);
        partialShown = null;
        partialShownText = "";
      }
      live = List.of(); // the cursor is below the prompt's row: nothing of ours under it
      write(List.of());
    }
  }

  /** Writes the application's lines that wait, if any, in one frame. */
  void settle() {
    synchronized (lock) {
      scheduled = false;
      if (!waiting.isEmpty()) {
        write(List.of());
      }
    }
  }

  /**
   * The partial line {@code source} holds now, {@code ""} when it has none; bytes as in {@link
   * #captured}.
   */
  void partial(Object source, String text) {
    synchronized (lock) {
      if (text.isEmpty()) {
        partials.remove(source);
      } else {
        partials.put(source, text);
      }
      if (partialShown == source
          && text.startsWith(partialShownText)
          && live.isEmpty()
          && waiting.isEmpty()) {
        String more = text.substring(partialShownText.length());
        partialShownText = text;
        new Frame(charset).app(more).writeTo(out);
        return;
      }
      write(List.of());
    }
  }

  /**
   * Draws the last frame (no bars), writes any partial line as it is, shows the cursor; from then
   * on, lines are written as they come.
   */
  void close() {
    synchronized (lock) {
      if (!ansi || closed) {
        closed = true;
        return;
      }
      closed = true;
      bars = List.of();
      write(List.of());
      size.close();
      CursorRestore.forget(this);
    }
  }

  /**
   * Shows the cursor if it is hidden, and never hides it again: the JVM is exiting. Takes no lock,
   * so that a sink stuck in a write cannot hold up the exit; a frame drawn at the same moment shows
   * the cursor itself, since it is never hidden again.
   */
  void restoreCursor() {
    exiting = true;
    if (cursorHidden) {
      cursorHidden = false;
      out.print(SHOW_CURSOR);
      out.flush();
    }
  }

  private void writePlain(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder frame = new StringBuilder();
    for (String line : lines) {
      frame.append(line).append(System.lineSeparator());
    }
    out.print(frame.toString());
    out.flush();
  }

  /**
   * The frame: erase what is live, the application's lines that wait, {@code lines}, then the live
   * lines and partial lines again.
   */
  private void write(List<String> given) {
    List<String> appLines = List.of();
    if (!waiting.isEmpty()) {
      appLines = new ArrayList<>(waiting);
      waiting.clear();
    }
    int columns = Math.max(1, size.columns());
    List<String> newLive = new ArrayList<>(partials.size() + bars.size());
    boolean withBars = !bars.isEmpty() && inputs == 0;
    Object lastPartial = null;
    for (Map.Entry<Object, String> p : partials.entrySet()) {
      newLive.add(Columns.cut(shown(p.getValue()), columns - 1, false));
      lastPartial = p.getKey();
    }
    String rawPartial = "";
    if (!withBars && lastPartial != null) {
      // without bars the last partial line is written as it came, the cursor after it
      newLive.remove(newLive.size() - 1);
      rawPartial = partials.get(lastPartial);
    } else {
      lastPartial = null;
    }
    if (withBars) {
      newLive.addAll(bars);
    }
    boolean same =
        appLines.isEmpty()
            && given.isEmpty()
            && newLive.equals(live)
            && partialShown == lastPartial
            && partialShownText.equals(rawPartial);
    if (same) {
      return;
    }
    Frame frame = new Frame(charset);
    if (withBars && !cursorHidden && !closed && !exiting) {
      frame.ours(HIDE_CURSOR);
      cursorHidden = true;
      CursorRestore.register(this);
    }
    int up = rowsOf(live, columns);
    if (partialShown != null) {
      up += Math.max(1, (Columns.width(shown(partialShownText)) + columns - 1) / columns) - 1;
    }
    if (up > 0 || partialShown != null) {
      frame.ours("\r");
    }
    if (up > 0) {
      frame.ours(CSI + up + "A");
    }
    for (String line : appLines) {
      frame.ours(ERASE_LINE).app(line).ours(ERASE_LINE_END + "\n");
    }
    for (String line : given) {
      frame.ours(ERASE_LINE + line + ERASE_LINE_END + "\n");
    }
    for (String line : newLive) {
      frame.ours(ERASE_LINE + line + ERASE_LINE_END + "\n");
    }
    frame.ours(ERASE_BELOW);
    frame.app(rawPartial);
    if ((!withBars || exiting) && cursorHidden) {
      frame.ours(SHOW_CURSOR);
      cursorHidden = false;
    }
    frame.writeTo(out);
    lastFrame = nanoTime.getAsLong();
    live = List.copyOf(newLive);
    partialShown = lastPartial;
    partialShownText = rawPartial;
  }

  /**
   * The application's text as shown in a live row: decoded from its bytes, and only what follows
   * its last {@code \r} (a program's own counter, redrawn in place, shows its latest value).
   */
  private String shown(String app) {
    String text = new String(app.getBytes(StandardCharsets.ISO_8859_1), charset);
    int cr = text.lastIndexOf('\r');
    return cr < 0 ? text : text.substring(cr + 1);
  }

  /**
   * One frame as bytes: the screen's own text encoded in the stream's charset, the application's
   * text as the very bytes it wrote (held as ISO-8859-1 strings, one char per byte), so that UTF-8
   * written by the program reaches a terminal unchanged even when the JVM's charset is ASCII.
   */
  private static final class Frame {
    private final Charset charset;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    Frame(Charset charset) {
      this.charset = charset;
    }

    Frame ours(String text) {
      bytes.writeBytes(text.getBytes(charset));
      return this;
    }

    Frame app(String text) {
      bytes.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }

    void writeTo(PrintStream out) {
      out.write(bytes.toByteArray(), 0, bytes.size());
      out.flush();
    }
  }

  /** After a partial line was finished in place: the next one, if any, written as it is. */
  private void showPartialLast() {
    if (!partials.isEmpty() || !bars.isEmpty()) {
      write(List.of());
    }
  }

  /**
   * The rows {@code lines} take on a terminal {@code columns} wide: one each, more for a line that
   * was drawn on a wider terminal and wraps now that the window is narrower.
   */
  private static int rowsOf(List<String> lines, int columns) {
    int rows = 0;
    for (String line : lines) {
      rows += Math.max(1, (Columns.width(line) + columns - 1) / columns);
    }
    return rows;
  }
}
