// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile new user tried in a real terminal (tmux) while a bar moves, beyond the printing of
 * {@link PrintingApp}: lines with tabs, a program's own {@code \r} progress, UTF-8 bytes written
 * under the C locale, and Enter typed while the bar is drawn. Each shows what the terminal shows
 * for the same program without Flowmeter.
 */
final class TmuxHostileTest {
  @TempDir Path dir;

  /** A tab moves the cursor without writing: what was under the tab's columns must be erased. */
  @Test
  void linesWithTabs_printedWhole_noBarShowingThroughTheGaps() throws Exception {
    Capture capture = Runs.run(dir, "tabs-80", 80, 12, hostileApp("tabs"));

    List<String> rows = new ArrayList<>(List.of("started"));
    HostileApp.tabLines().forEach(line -> rows.add(HostileApp.expandTabs(line)));
    rows.add("done");
    new ScreenCheck().inOrder("main", rows).verify(capture);
  }

  /** The program's own counter shows its latest value above the bar, not its first ones. */
  @Test
  void ownCarriageReturnProgress_latestValueShownWhileBarsMove() throws Exception {
    String last = "progress " + HostileApp.STEPS + "/" + HostileApp.STEPS;
    Capture capture;
    boolean shown;
    try (Tmux tmux = Tmux.start(dir, "cr-80", 80, 12, hostileApp("cr"))) {
      shown =
          tmux.awaitScreen(
              screen ->
                  screen.stream().anyMatch(ScreenCheck::isBar)
                      && screen.stream().anyMatch(row -> row.startsWith(last)));
      capture = tmux.awaitEnd();
    }

    assertThat(shown).as("'%s' on the screen beside the bar\n%s", last, capture.render()).isTrue();
    new ScreenCheck().inOrder("main", List.of("started", last, "done")).verify(capture);
  }

  /**
   * Under the C locale {@code System.out}'s charset is ASCII, but bytes written to it reach a UTF-8
   * terminal unchanged without Flowmeter: the capture must not decode and re-encode them.
   */
  @Test
  void utf8BytesUnderTheCLocale_reachTheTerminalUnchanged() throws Exception {
    Capture capture =
        Runs.run(dir, "utf8-c-80", 80, 12, "env LANG=C LC_ALL=C " + hostileApp("utf8"));

    new ScreenCheck()
        .inOrder("main", List.of("started", HostileApp.UTF8_LINE, "done"))
        .verify(capture);
  }

  /**
   * A prompt read while a bar moves: what the user types is echoed after the prompt (the bars are
   * off while the program waits), the prompt is shown once, and no bar is left behind. (Keys typed
   * while the program is not reading are echoed wherever the cursor is; that is documented.)
   */
  @Test
  void promptWhileBarsMove_answerShownAfterThePrompt_noStaleBar() throws Exception {
    Capture capture;
    try (Tmux tmux = Tmux.start(dir, "prompt-80", 80, 12, hostileApp("prompt"))) {
      tmux.awaitScreen(screen -> screen.stream().anyMatch(r -> r.startsWith("Your name:")));
      Thread.sleep(300);
      tmux.sendKeys("bob");
      tmux.sendKeys("Enter");
      capture = tmux.awaitEnd();
    }

    new ScreenCheck()
        .inOrder("main", List.of("started", "Your name: bob", "Hello bob", "done"))
        .verify(capture);
  }

  private static String hostileApp(String mode) {
    return Tmux.java(List.of(), Tmux.testClassPath(), HostileApp.class.getName(), mode);
  }
}
