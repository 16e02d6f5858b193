// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The console stream with the live lines (the bars) drawn at its bottom.
 *
 * <p>Two kinds of text reach the stream: lines that stay (a summary, a milestone, a line the
 * application prints through {@link ConsoleOutput}) and the live lines, which are redrawn in place.
 * Each call builds one string holding the whole frame: the cursor moved up over the live lines
 * drawn before, the lines that stay, the live lines again, each followed by "erase to end of line",
 * and "erase below" at the end; it is handed to the stream in one {@code print} call, so the
 * terminal never shows a half-drawn frame (a {@link PrintStream} passes up to 8 KiB to the
 * operating system in one write).
 *
 * <p>Without {@code ansi} (not a terminal) there are no live lines, and nothing but plain lines is
 * ever written: no {@code \r}, no escape sequence.
 *
 * <p>Thread-safety: the sink's dispatcher thread draws and application threads print through {@link
 * ConsoleOutput}; every method takes the one lock of this screen, so a printed line is never torn
 * by a frame.
 */
final class ConsoleScreen {
  private static final String CSI = "\u001b[";
  private static final String ERASE_LINE_END = CSI + "K";
  private static final String ERASE_BELOW = CSI + "J";

  private final PrintStream out;
  private final boolean ansi;
  private final boolean colour;
  private final Object lock = new Object();
  private List<String> live = List.of();
  private volatile int columns;
  private volatile int rows;

  /**
   * A screen on {@code out}; {@code ansi} when it is a terminal (live lines, escape sequences),
   * {@code colour} when lines may carry colour, and the size in {@code columns} and {@code rows}
   * ({@link Integer#MAX_VALUE} rows when not a terminal).
   */
  ConsoleScreen(PrintStream out, boolean ansi, boolean colour, int columns, int rows) {
    this.out = out;
    this.ansi = ansi;
    this.colour = colour && ansi;
    this.columns = columns;
    this.rows = rows;
  }

  /** The width, in columns, no line drawn may reach; read at every frame (it follows resizes). */
  int columns() {
    return columns;
  }

  /**
   * How many live lines may be drawn now: the rows of the terminal, less the one the cursor rests
   * on; read at every frame. Very large when the output is not a terminal.
   */
  int liveRows() {
    int r = rows;
    return r == Integer.MAX_VALUE ? r : Math.max(1, r - 1);
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
    return false;
  }

  /**
   * Writes {@code lines} above the live area and replaces the live lines with {@code newLive}, in
   * one write. Without ANSI, {@code newLive} must be empty.
   */
  void draw(List<String> lines, List<String> newLive) {
    synchronized (lock) {
      if (!ansi) {
        writePlain(lines);
        return;
      }
      write(lines, newLive);
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
      write(lines, live);
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

  private void write(List<String> lines, List<String> newLive) {
    if (lines.isEmpty() && newLive.equals(live)) {
      return;
    }
    StringBuilder frame = new StringBuilder(256 * (lines.size() + newLive.size() + 1));
    if (!live.isEmpty()) {
      frame.append('\r').append(CSI).append(live.size()).append('A');
    }
    for (String line : lines) {
      frame.append(line).append(ERASE_LINE_END).append('\n');
    }
    for (String line : newLive) {
      frame.append(line).append(ERASE_LINE_END).append('\n');
    }
    frame.append(ERASE_BELOW);
    out.print(frame.toString());
    out.flush();
    live = List.copyOf(new ArrayList<>(newLive));
  }
}
