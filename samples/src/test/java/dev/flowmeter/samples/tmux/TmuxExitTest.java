// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that ends while bars move, in a real terminal (tmux), as issue 8 asks: by {@code
 * System.exit} or by Ctrl+C, the cursor is visible again and no bar is left, only the summaries of
 * the transfers it cut short.
 */
final class TmuxExitTest {
  /** The exit status of a JVM ended by SIGINT: 128 + 2. */
  private static final int SIGINT_STATUS = 130;

  @TempDir Path dir;

  @Test
  void systemExit_whileBarsMove_cursorVisibleAndNoBarLeft() throws Exception {
    Capture capture = Runs.run(dir, "exit-80", 80, 24, exitingApp("exit"));

    new ScreenCheck()
        .inOrder("main", List.of("started", "exiting"))
        .exit(ExitingApp.STATUS)
        .verify(capture);
  }

  @Test
  void ctrlC_whileBarsMove_cursorVisibleAndNoBarLeft() throws Exception {
    Capture capture;
    boolean drawn;
    try (Tmux tmux = Tmux.start(dir, "ctrl-c-80", 80, 24, exitingApp("wait"))) {
      drawn = tmux.awaitScreen(screen -> screen.stream().anyMatch(ScreenCheck::isBar));
      tmux.sendKeys("C-c");
      capture = tmux.awaitEnd();
    }

    assertThat(drawn).as("bars drawn before Ctrl+C\n%s", capture.render()).isTrue();
    new ScreenCheck()
        .inOrder("main", List.of("started"))
        .allow("\\^C", -1) // the terminal's echo of Ctrl+C
        .exit(SIGINT_STATUS)
        .verify(capture);
  }

  private static String exitingApp(String mode) {
    return Tmux.java(List.of(), Tmux.testClassPath(), ExitingApp.class.getName(), mode);
  }
}
