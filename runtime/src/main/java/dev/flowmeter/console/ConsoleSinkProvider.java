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

  private static @Nullable Integer fixed(int dimension) {
    return dimension > 0 ? Integer.valueOf(dimension) : null;
  }

  /**
   * Whether descriptor {@code fd} is the terminal the sink draws on ({@code sinkFd}), so that its
   * lines can be written there: true unless both devices are known and differ.
   */
  private static boolean sameTerminal(int fd, int sinkFd) {
    String device = Terminal.deviceOf(fd).orElse(null);
    String sink = Terminal.deviceOf(sinkFd).orElse(null);
    return device == null || sink == null || device.equals(sink);
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
    return Set.of("interval", "style", "ascii", "width", "stream", "terminal", "log", "capture");
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
    String terminalOption = context.choiceOption("terminal", "auto", "auto", "true", "false");
    boolean terminal =
        "auto".equals(terminalOption) ? context.isTerminal(stream) : "true".equals(terminalOption);
    boolean capture = context.booleanOption("capture", true);
    Integer width =
        context.option("width").isPresent()
            ? Integer.valueOf((int) context.longOption("width", 80, 20, 10_000))
            : fixed(Terminal.columns(-1));
    Integer height = fixed(Terminal.rows(System.getenv("LINES"), -1));
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
    boolean bars = kind == ConsoleSink.Style.BARS;
    int fd = stdout ? Terminal.STDOUT : Terminal.STDERR;
    TerminalSize size =
        bars
            ? new TerminalSize(fd, width, height)
            : TerminalSize.fixed(
                width != null ? width : TerminalSize.DEFAULT_COLUMNS, Integer.MAX_VALUE);
    ConsoleScreen screen =
        new ConsoleScreen(stream, bars, Terminal.colourAllowed(System.getenv("NO_COLOR")), size);
    ConsoleCapture captured =
        bars && capture
            ? ConsoleCapture.install(
                screen,
                context.out(),
                context.err(),
                context.isTerminal(context.out()) && sameTerminal(Terminal.STDOUT, fd),
                context.isTerminal(context.err()) && sameTerminal(Terminal.STDERR, fd))
            : null;
    return new ConsoleSink(kind, screen, ascii, log, captured);
  }
}
