// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code log} sink: one log record per event through {@link System.Logger}, so that {@code
 * java.util.logging}, Log4j or SLF4J (through their {@code System.Logger} bridges) file progress
 * with the application's other logs.
 *
 * <p>The logger is named {@code dev.flowmeter.progress}; records have the level {@code
 * flowmeter.sink.log.level} (default {@code INFO}; accepted: the {@link System.Logger.Level} names
 * {@code ALL}, {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARNING}, {@code ERROR}, {@code
 * OFF}, where {@code OFF} logs nothing). A record is one line, for example {@code upload
 * report.pdf: 42.0% (6.3 MiB of 15.0 MiB) at 2.1 MiB/s, ETA 4.2 s}; the name is sanitized so that
 * no control character or escape sequence reaches the log.
 *
 * <p>Every start, phase change and end is logged; progress records come at most once per {@code
 * flowmeter.sink.log.interval} (default 10 s) per transfer, a rate fit for a log file.
 */
@AutoService(SinkProvider.class)
public final class LogSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public LogSinkProvider() {}

  /** Returns {@code log}. */
  @Override
  public String name() {
    return "log";
  }

  /** Returns {@code log}: the sink takes no argument. */
  @Override
  public String usage() {
    return "log";
  }

  /** Ten seconds between progress records of a transfer. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(10);
  }

  /** {@code interval} and {@code level}. */
  @Override
  public Set<String> options() {
    return Set.of("interval", "level");
  }

  /**
   * Creates the sink.
   *
   * @throws dev.flowmeter.ConfigException when {@code flowmeter.sink.log.level} is no level name
   */
  @Override
  public ProgressSink create(SinkContext context) {
    String[] names = new String[Level.values().length];
    for (int i = 0; i < names.length; i++) {
      names[i] = Level.values()[i].name();
    }
    Level level = Level.valueOf(context.choiceOption("level", "INFO", names));
    return new LogSink(System.getLogger(LogSink.LOGGER_NAME), level);
  }
}
