// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny terminal for tests: applies {@code \r}, {@code \n}, cursor up ({@code ESC[nA}), erase to
 * end of line ({@code ESC[K}), erase the row ({@code ESC[2K}) and erase below ({@code ESC[J}) to a
 * grid of lines and returns what a user would see; the cursor shown or hidden ({@code ESC[?25h},
 * {@code ESC[?25l}) and colours ({@code ESC[...m}) leave the grid as it is. Any other escape
 * sequence fails the test.
 */
final class TerminalScreen {
  private static final Pattern CSI = Pattern.compile("\u001b\\[(\\??[\\d;]*)([A-Za-z])");

  private TerminalScreen() {}

  static List<String> render(String output) {
    List<StringBuilder> rows = new ArrayList<>();
    rows.add(new StringBuilder());
    int row = 0;
    int col = 0;
    int i = 0;
    while (i < output.length()) {
      char c = output.charAt(i);
      if (c == '\u001b') {
        Matcher m = CSI.matcher(output).region(i, output.length());
        if (!m.lookingAt()) {
          throw new AssertionError("unexpected escape at " + i);
        }
        String argument = m.group(1);
        StringBuilder line = rows.get(row);
        if (argument.startsWith("?") || m.group(2).equals("m")) {
          if (!argument.equals("?25") && !m.group(2).equals("m")) {
            throw new AssertionError("unexpected escape " + m.group());
          }
          i = m.end(); // the cursor shown or hidden, a colour: nothing on the grid
          continue;
        }
        int n = argument.isEmpty() ? 1 : Integer.parseInt(argument);
        switch (m.group(2)) {
          case "A":
            row = Math.max(0, row - n);
            break;
          case "K":
            line.setLength(n == 2 ? 0 : Math.min(col, line.length())); // 2K: the whole row
            break;
          case "J":
            line.setLength(Math.min(col, line.length()));
            while (rows.size() > row + 1) {
              rows.remove(rows.size() - 1);
            }
            break;
          default:
            throw new AssertionError("unexpected escape " + m.group());
        }
        i = m.end();
        continue;
      }
      if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        row++;
        col = 0;
        if (rows.size() <= row) {
          rows.add(new StringBuilder());
        }
      } else {
        StringBuilder line = rows.get(row);
        while (line.length() < col) {
          line.append(' ');
        }
        if (col < line.length()) {
          line.setCharAt(col, c);
        } else {
          line.append(c);
        }
        col++;
      }
      i++;
    }
    List<String> screen = new ArrayList<>();
    for (StringBuilder line : rows) {
      screen.add(line.toString());
    }
    while (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
      screen.remove(screen.size() - 1);
    }
    return screen;
  }
}
