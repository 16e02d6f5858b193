// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Programs that print what ordinary programs print, but what the console's capture finds hard,
 * while one bar moves; run by {@link TmuxHostileTest} in a child JVM. It prints {@code started}
 * first and {@code done} last. Modes:
 *
 * <ul>
 *   <li>{@code tabs}: three lines with tab characters ({@link #tabLines()}), as a table printed
 *       with {@code \t} between its columns;
 *   <li>{@code cr}: a progress counter of its own, redrawn with {@code \r} ({@code progress 1/20}
 *       to {@code progress 20/20}) in 1 s, its line ended only once the bar is done (1.5 s later);
 *   <li>{@code utf8}: a line written as UTF-8 bytes with {@code System.out.write} ({@link
 *       #UTF8_LINE}), as a logger with an encoder of its own does;
 *   <li>{@code wait}: nothing more, while the bar moves for about 4 s (the test types meanwhile).
 * </ul>
 */
final class HostileApp {
  static final String UTF8_LINE = "h\u00e9llo w\u00f6rld \u65e5\u672c";
  static final int STEPS = 20;

  private HostileApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    System.out.println("started");
    Thread mover = new Thread(() -> move(mode.equals("prompt") ? 4_000 : 3_000));
    mover.start();
    Thread.sleep(500);
    switch (mode) {
      case "tabs" -> {
        for (String line : tabLines()) {
          System.out.println(line);
          Thread.sleep(300);
        }
      }
      case "cr" -> {
        for (int k = 1; k <= STEPS; k++) {
          System.out.print("\rprogress " + k + "/" + STEPS);
          System.out.flush();
          Thread.sleep(50);
        }
        mover.join(); // the bar moves on for about 1.5 s: the counter's line is still open
        System.out.println();
      }
      case "utf8" -> {
        System.out.write((UTF8_LINE + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.flush();
      }
      case "prompt" -> {
        System.out.print("Your name: ");
        System.out.flush();
        String name =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        System.in, java.nio.charset.StandardCharsets.UTF_8))
                .readLine();
        System.out.println("Hello " + name);
      }
      default -> throw new IllegalArgumentException(mode);
    }
    mover.join();
    System.out.println("done");
  }

  /** The lines of mode {@code tabs}, as written (with tab characters). */
  static List<String> tabLines() {
    return List.of("id0\t\t\t\t\tvalue0", "id1\t\t\t\t\tvalue1", "id2\t\t\t\t\tvalue2");
  }

  /** {@code line} as a terminal shows it: each tab moves to the next multiple of 8 columns. */
  static String expandTabs(String line) {
    StringBuilder row = new StringBuilder();
    for (char c : line.toCharArray()) {
      if (c == '\t') {
        do {
          row.append(' ');
        } while (row.length() % 8 != 0);
      } else {
        row.append(c);
      }
    }
    return row.toString();
  }

  private static void move(long millis) {
    Transfer transfer = Flowmeter.start("a-rather-long-file-name-for-the-bar.bin", 100L << 20);
    try {
      for (int step = 0; step < 100; step++) {
        transfer.advance(1L << 20);
        Thread.sleep(millis / 100);
      }
      transfer.complete();
    } catch (InterruptedException e) {
      transfer.cancel("interrupted");
      Thread.currentThread().interrupt();
    }
  }
}
