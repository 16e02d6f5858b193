// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a terminal showed once its program had ended: the scrollback and the screen as rows (each at
 * most {@code columns} wide: a line longer than the width shows as two rows), the same joined back
 * into the lines the terminal wrapped, whether the cursor was visible, and the program's exit
 * status; and the screens seen while it ran.
 *
 * @param name the run, as it is named in messages and saved files
 * @param columns the terminal's width at the end
 * @param rows the terminal's height at the end
 * @param lines the scrollback then the screen, one entry per row, trailing blanks cut
 * @param joined the same with wrapped rows joined into the line they belong to
 * @param cursorVisible whether the cursor was visible ({@code #{cursor_flag}})
 * @param exit the program's exit status
 * @param frames the visible screen as sampled (about every 100 ms) while the program ran
 */
record Capture(
    String name,
    int columns,
    int rows,
    List<String> lines,
    List<String> joined,
    boolean cursorVisible,
    int exit,
    List<Frame> frames) {

  /**
   * The visible screen at one moment while the program ran.
   *
   * @param rows the screen's rows, trailing blanks cut
   * @param cursorVisible whether the cursor was visible then
   */
  record Frame(List<String> rows, boolean cursorVisible) {}

  /** The system property naming a path prefix under which every capture is saved. */
  static final String SAVE = "flowmeter.tmux.save";

  /**
   * The lines of a file the program wrote (its standard error redirected, say) as a capture, so
   * that the same checks apply: no width, no frames, the cursor taken as visible and the exit
   * status as 0 (both belong to the terminal's capture).
   */
  static Capture ofFile(String name, List<String> lines) {
    return new Capture(name, Integer.MAX_VALUE, lines.size(), lines, lines, true, 0, List.of());
  }

  /**
   * The capture as text for a failure message or a file: a header, then every row numbered, framed
   * so that the width of each row can be seen.
   */
  String render() {
    StringBuilder text = new StringBuilder();
    text.append("== ")
        .append(name)
        .append(": ")
        .append(columns)
        .append('x')
        .append(rows)
        .append(", exit ")
        .append(exit)
        .append(", cursor ")
        .append(cursorVisible ? "visible" : "hidden")
        .append(", ")
        .append(lines.size())
        .append(" rows (scrollback and screen), ")
        .append(frames.size())
        .append(" screens sampled while it ran\n");
    for (int i = 0; i < lines.size(); i++) {
      text.append(String.format("%5d |", i + 1)).append(lines.get(i)).append("|\n");
    }
    return text.toString();
  }

  /**
   * Writes {@link #render()} to {@code <prefix><name>.txt} when the system property {@value SAVE}
   * is set ({@code -Dflowmeter.tmux.save=/work/screens/before-}); does nothing otherwise.
   */
  void save() throws IOException {
    String prefix = System.getProperty(SAVE);
    if (prefix == null || prefix.isBlank()) {
      return;
    }
    Path file = Path.of(prefix + name + ".txt");
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }
}
