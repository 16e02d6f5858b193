// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import dev.flowmeter.samples.Main;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console sink in a real terminal (tmux), as issue 8 asks: a program printing 1,000 lines from
 * four threads while five bars move, and the demo, at 60, 120 and 200 columns and in a small
 * window. Whatever the program printed is on the screen or in the scrollback, once and in order;
 * nothing of a bar is left once it ended, only the summaries; no line wrapped; the cursor is
 * visible. See {@link ScreenCheck} for what each run is checked for.
 *
 * <p>The tmux tests run alone with {@code mvn -B -pl agent,samples -am verify -Dtest='Tmux*'
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dflowmeter.tmux.save=/some/dir/prefix-} saves
 * every capture.
 */
final class TmuxConsoleTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({
    "60, 24, printing-60",
    "120, 30, printing-120",
    "200, 50, printing-200",
    "80, 12, printing-80x12"
  })
  void printingApp_everyLineOnceAndInOrder_onlySummariesLeft(int columns, int rows, String name)
      throws Exception {
    Capture capture = Runs.run(dir, name, columns, rows, Runs.printingApp());

    Runs.printing(PrintingApp.TRANSFERS, PrintingApp.THREADS, PrintingApp.LINES).verify(capture);
  }

  /** More transfers than rows: the frame stays within the window, the scrollback clean. */
  @Test
  void manyTransfers_smallWindow_framesFitAndNothingStale() throws Exception {
    Capture capture = Runs.run(dir, "many-80x12", 80, 12, Runs.printingApp("25", "1", "50"));

    Runs.printing(25, 1, 50).verify(capture);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"60, 24, demo-60", "120, 30, demo-120", "200, 50, demo-200", "80, 12, demo-80x12"})
  void demo_summariesAndItsLastLine_nothingElse(int columns, int rows, String name)
      throws Exception {
    String command =
        Tmux.java(
            List.of(),
            Tmux.testClassPath(),
            Main.class.getName(),
            "copy",
            "--speed",
            "16",
            "--scale",
            "0.5",
            "--dir",
            "w");

    Capture capture = Runs.run(dir, name, columns, rows, command);

    new ScreenCheck()
        .completed(List.of("photos.tar", "database-dump.sql", "video.mp4"))
        .inOrder("demo", List.of("Copied 3 files, 46137344 bytes, in w (deleted again)"))
        .verify(capture);
  }
}
