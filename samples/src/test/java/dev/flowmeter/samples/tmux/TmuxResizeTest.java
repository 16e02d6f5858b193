// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console follows the terminal when its window is resized while bars move, in a real terminal
 * (tmux), as issue 8 asks: made narrower, it leaves no fragment of the wider frame behind; made
 * wider, the bars grow to the new width.
 */
final class TmuxResizeTest {
  private static final int ROWS = 24;

  @TempDir Path dir;

  @Test
  void narrower_whileBarsMove_noLineLost() throws Exception {
    Capture capture;
    boolean drawn;
    boolean fit;
    try (Tmux tmux = Tmux.start(dir, "resize-120-to-60", 120, ROWS, Runs.printingApp())) {
      drawn = tmux.awaitScreen(TmuxResizeTest::showsBar);
      tmux.resize(60, ROWS);
      fit =
          tmux.awaitScreen(
              screen ->
                  screen.stream().filter(ScreenCheck::isBar).count() >= 3
                      && screen.stream()
                          .filter(ScreenCheck::isBar)
                          .allMatch(r -> r.strip().length() < 60));
      capture = tmux.awaitEnd();
    }

    assertThat(drawn).as("bars drawn before the resize\n%s", capture.render()).isTrue();
    assertThat(fit)
        .as("whole bar lines within 60 columns after the resize\n%s", capture.render())
        .isTrue();
    Runs.printing(PrintingApp.TRANSFERS, PrintingApp.THREADS, PrintingApp.LINES)
        .narrowed()
        .verify(capture);
  }

  @Test
  void wider_whileBarsMove_barsGrowToTheNewWidth() throws Exception {
    Capture capture;
    boolean grew;
    boolean drawn;
    try (Tmux tmux = Tmux.start(dir, "resize-60-to-200", 60, ROWS, Runs.printingApp())) {
      drawn = tmux.awaitScreen(TmuxResizeTest::showsBar);
      tmux.resize(200, ROWS);
      grew =
          tmux.awaitScreen(
              screen ->
                  screen.stream().anyMatch(r -> ScreenCheck.isBar(r) && r.strip().length() > 120));
      capture = tmux.awaitEnd();
    }

    assertThat(drawn).as("bars drawn before the resize\n%s", capture.render()).isTrue();
    assertThat(grew)
        .as("a bar line wider than 120 columns after the resize to 200\n%s", capture.render())
        .isTrue();
    Runs.printing(PrintingApp.TRANSFERS, PrintingApp.THREADS, PrintingApp.LINES).verify(capture);
  }

  private static boolean showsBar(List<String> screen) {
    return screen.stream().anyMatch(r -> ScreenCheck.isBar(r));
  }
}
