// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Provides the {@code console} sink: progress bars on a terminal, plain lines in CI, files and
 * pipes.
 *
 * <p>Options ({@code flowmeter.sink.console.<key>}):
 *
 * <ul>
 *   <li>{@code style}: {@code bar} (default), {@code detailed} (a scrolling log, also on a
 *       terminal: its lines stay and are never redrawn), {@code minimal} or {@code silent}.
 *   <li>{@code ascii}: draw the bar with ASCII only; default {@code true} when the stream's charset
 *       is not UTF-8.
 *   <li>{@code width}: the line width in columns; default {@code COLUMNS}, else 80.
 *   <li>{@code stream}: {@code stderr} (default) or {@code stdout}.
 *   <li>{@code terminal}: {@code auto} (default: whether the process writes to an interactive
 *       terminal), {@code true} or {@code false}. Without a terminal no {@code \r} and no escape
 *       sequence is ever written.
 *   <li>{@code log}: a file the {@code detailed} style appends a copy of its lines to. A log that
 *       cannot be written is reported once; the console goes on.
 * </ul>
 *
 * <p>Progress is redrawn at most every 100 ms by default ({@code flowmeter.sink.console.interval}).
 * To print the application's own lines without tearing the bars, use {@link ConsoleOutput} or
 * {@link ConsoleLogHandler}.
 */
@AutoService(SinkProvider.class)
public final class ConsoleSinkProvider implements SinkProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public ConsoleSinkProvider() {}

  /** {@code console}. */
  @Override
  public String name() {
    return "console";
  }

  /** {@code console}; the sink takes no argument, only options. */
  @Override
  public String usage() {
    return "console";
  }

  /** 100 ms, so that bars move smoothly. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofMillis(100);
  }

  /**
   * {@code interval} and {@code style}, {@code ascii}, {@code width}, {@code stream}, {@code
   * terminal}, {@code log}.
   */
  @Override
  public Set<String> options() {
    return Set.of("interval", "style", "ascii", "width", "stream", "terminal", "log");
  }

  /**
   * Creates the sink from its options.
   *
   * @throws dev.flowmeter.ConfigException for a malformed option
   * @throws IOException when the {@code log} file cannot be opened
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    String style = context.choiceOption("style", "bar", "bar", "detailed", "minimal", "silent");
    boolean stdout = "stdout".equals(context.choiceOption("stream", "stderr", "stderr", "stdout"));
    PrintStream stream = stdout ? context.out() : context.err();
    boolean ascii =
        context.option("ascii").isPresent()
            ? context.booleanOption("ascii", true)
            : !ConsoleCharsets.isUtf8(stream, !stdout);
    int width = (int) context.longOption("width", Terminal.columns(80), 20, 10_000);
    String terminalOption = context.choiceOption("terminal", "auto", "auto", "true", "false");
    boolean terminal =
        "auto".equals(terminalOption) ? context.isTerminal() : "true".equals(terminalOption);
    String logOption = context.option("log").orElse(null);
    if (logOption != null && logOption.isBlank()) {
      logOption = null;
    }
    if ("silent".equals(style)) {
      return event -> {};
    }
    ConsoleSink.Style kind;
    switch (style) {
      case "detailed":
        kind = ConsoleSink.Style.DETAILED;
        break;
      case "minimal":
        kind = ConsoleSink.Style.MINIMAL;
        break;
      default:
        kind = terminal ? ConsoleSink.Style.BARS : ConsoleSink.Style.LINES;
    }
    @Nullable LineFile log = null;
    if (kind == ConsoleSink.Style.DETAILED && logOption != null) {
      Path path;
      try {
        path = Path.of(logOption);
      } catch (InvalidPathException e) {
        throw new ConfigException(context.key("log"), logOption, "is not a file path");
      }
      log = LineFile.open(path);
    }
    ConsoleScreen screen =
        new ConsoleScreen(
            stream,
            kind == ConsoleSink.Style.BARS,
            System.getenv("NO_COLOR") == null,
            width,
            kind == ConsoleSink.Style.BARS ? 24 : Integer.MAX_VALUE);
    return new ConsoleSink(kind, screen, ascii, log);
  }
}
