// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operation in a real terminal (tmux), as issue 10 asks: its bar and a line per stage drawn in
 * place, within 40 columns; and Ctrl+C that cancels it, cleans up and leaves one summary line on a
 * clean screen (no bar left, the cursor shown).
 */
final class TmuxOperationTest {
  private static final int SIGINT_STATUS = 130;

  /** The lines the operation's stages leave when it ends: {@code [✓] Prepare (0.0 s)}... */
  private static final String STAGE_ROW = "\\[.\\] .*";

  @TempDir Path dir;

  @Test
  void operation_drawsItsStagesInPlace_within40Columns() throws Exception {
    Capture capture;
    List<String> seen;
    try (Tmux tmux = Tmux.start(dir, "operation-40", 40, 20, app("show"))) {
      String[] shown = new String[1];
      boolean drawn =
          tmux.awaitScreen(
              screen -> {
                boolean all =
                    screen.stream()
                            .anyMatch(r -> r.startsWith(InterruptApp.NAME) && r.contains("%  "))
                        && screen.contains("[✓] Prepare (0.0 s)")
                        && screen.stream().anyMatch(r -> r.startsWith("[→] Download payload"))
                        && screen.contains("[ ] Configure");
                if (all || screen.stream().anyMatch(r -> r.startsWith("[→] "))) {
                  shown[0] = String.join("\n", screen);
                }
                return all;
              });
      capture = tmux.awaitEnd();
      assertThat(drawn).as("the stages drawn\n%s\n%s", shown[0], capture.render()).isTrue();
      seen = List.of(shown[0].split("\n"));
    }
    assertThat(seen)
        .noneMatch(r -> r.startsWith("payload.bin")); // inside a stage: no bar of its own

    new ScreenCheck()
        .inOrder("main", List.of("started", "done"))
        .completed(List.of(InterruptApp.NAME))
        .allow(STAGE_ROW, 3)
        .verify(capture);
  }

  @Test
  void ctrlC_cancelsCleansUp_andLeavesOneSummaryOnACleanScreen() throws Exception {
    Path marker = dir.resolve("partial.txt");
    Capture capture;
    boolean drawn;
    try (Tmux tmux = Tmux.start(dir, "operation-ctrl-c", 80, 24, app("cancel", marker))) {
      drawn =
          tmux.awaitScreen(
              screen ->
                  screen.stream().anyMatch(r -> r.startsWith("[→] Download payload  payload")));
      tmux.sendKeys("C-c");
      capture = tmux.awaitEnd();
    }

    assertThat(drawn).as("the operation drawn before Ctrl+C\n%s", capture.render()).isTrue();
    assertThat(marker).as("cleaned up\n%s", capture.render()).doesNotExist();
    new ScreenCheck()
        .inOrder("main", List.of("started", "read threw InterruptedIOException"))
        .allow("\\^C", -1) // the terminal's echo of Ctrl+C
        .allow(InterruptApp.NAME + " cancelled at \\d+ % \\(stage 2 of 3\\); cleaned up", 1)
        .allow(STAGE_ROW, 3)
        .exit(SIGINT_STATUS)
        .verify(capture);
  }

  private String app(String mode) {
    return app(mode, dir.resolve("unused.txt"));
  }

  private static String app(String mode, Path marker) {
    return Tmux.java(
        List.of(), Tmux.testClassPath(), InterruptApp.class.getName(), mode, marker.toString());
  }
}
