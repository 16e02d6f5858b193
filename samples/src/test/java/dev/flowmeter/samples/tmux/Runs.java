// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What the tmux tests share: running a command to its end, and what {@link PrintingApp} shows. */
final class Runs {
  /** A log record's header line, as the default {@code java.util.logging} format prints it. */
  static final String LOG_HEADER = ".* App run";

  private Runs() {}

  /** Runs {@code command} in a {@code columns} by {@code rows} terminal to its end. */
  static Capture run(Path dir, String name, int columns, int rows, String command)
      throws IOException {
    try (Tmux tmux = Tmux.start(dir, name, columns, rows, command)) {
      return tmux.awaitEnd();
    }
  }

  /** {@code PrintingApp} with {@code args} in a child JVM on the test class path. */
  static String printingApp(String... args) {
    return Tmux.java(List.of(), Tmux.testClassPath(), PrintingApp.class.getName(), args);
  }

  /**
   * What a whole run of {@link PrintingApp} shows: every thread's lines, the standard error lines,
   * the log records, the line printed in two parts, the last line and a summary per transfer.
   */
  static ScreenCheck printing(int transfers, int threads, int lines) {
    ScreenCheck check = new ScreenCheck();
    for (int t = 1; t <= threads; t++) {
      check.inOrder("thread t" + t, PrintingApp.threadLines(t, lines));
    }
    return errAndLog(check)
        .inOrder("main", List.of("partial done", "all done"))
        .completed(PrintingApp.names(transfers));
  }

  /** The lines {@link PrintingApp} prints on standard error: its own and its log records. */
  static ScreenCheck errAndLog(ScreenCheck check) {
    return check
        .inOrder("stderr", PrintingApp.errLines())
        .inOrder("log", PrintingApp.logLines().stream().map(m -> "INFO: " + m).toList())
        .allow(LOG_HEADER, PrintingApp.logLines().size());
  }
}
