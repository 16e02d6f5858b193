// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal is detected on the stream the bars are drawn to (standard error), in a real terminal
 * (tmux), as issue 8 asks: standard error redirected to a file gets plain lines and no escape
 * sequence while standard output stays on the terminal; standard output piped ({@code | cat}) or
 * standard input from {@code /dev/null} still gets bars on the terminal, and a pipe carries the
 * program's bytes untouched.
 */
final class TmuxStreamsTest {
  /** Plain lines in a file: a start line and a line per step, as the {@code bar} style writes. */
  private static final String PLAIN = ".+: (started|\\d+%) \\(.*\\)";

  @TempDir Path dir;

  @Test
  void stderrToFile_plainLinesInTheFile_standardOutputWholeOnTheTerminal() throws Exception {
    Capture terminal = Runs.run(dir, "stderr-file-100", 100, 24, Runs.printingApp() + " 2>err.txt");

    ScreenCheck stdout = new ScreenCheck().barsDrawn(false);
    for (int t = 1; t <= PrintingApp.THREADS; t++) {
      stdout.inOrder("thread t" + t, PrintingApp.threadLines(t, PrintingApp.LINES));
    }
    stdout.inOrder("main", List.of("partial done", "all done")).verify(terminal);

    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    assertThat(err).as("err.txt").doesNotContain("\u001b").doesNotContain("\r");
    Runs.errAndLog(new ScreenCheck())
        .completed(PrintingApp.names(PrintingApp.TRANSFERS))
        .allow(PLAIN, -1)
        .verify(Capture.ofFile("err.txt", err.lines().toList()));
  }

  @Test
  void stdoutPiped_barsOnTheTerminal_pipeGetsThePlainLines() throws Exception {
    Capture terminal =
        Runs.run(dir, "stdout-pipe-100", 100, 24, Runs.printingApp() + " | cat >out.txt");

    Runs.errAndLog(new ScreenCheck())
        .completed(PrintingApp.names(PrintingApp.TRANSFERS))
        .verify(terminal);

    String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    assertThat(out).as("out.txt").doesNotContain("\u001b").doesNotContain("\r");
    ScreenCheck piped = new ScreenCheck();
    for (int t = 1; t <= PrintingApp.THREADS; t++) {
      piped.inOrder("thread t" + t, PrintingApp.threadLines(t, PrintingApp.LINES));
    }
    piped
        .inOrder("main", List.of("partial done", "all done"))
        .verify(Capture.ofFile("out.txt", out.lines().toList()));
  }

  @Test
  void stdinFromDevNull_barsStillDrawn() throws Exception {
    Capture capture = Runs.run(dir, "stdin-null-100", 100, 24, Runs.printingApp() + " </dev/null");

    Runs.printing(PrintingApp.TRANSFERS, PrintingApp.THREADS, PrintingApp.LINES).verify(capture);
  }
}
