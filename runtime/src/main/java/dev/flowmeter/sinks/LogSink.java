// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.Text;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.ProgressSink;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Writes one log record per event through {@link System.Logger}; see {@link LogSinkProvider}.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class LogSink implements ProgressSink {
  static final String LOGGER_NAME = "dev.flowmeter.progress";

  private final System.Logger logger;
  private final Level level;

  LogSink(System.Logger logger, Level level) {
    this.logger = logger;
    this.level = level;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    if (level != Level.OFF && logger.isLoggable(level)) {
      logger.log(level, line(event));
    }
  }

  /**
   * The log line for {@code event}, for example {@code upload report.pdf: 42.0% (6.3 MiB of 15.0
   * MiB) at 2.1 MiB/s, ETA 4.2 s}. Name, operation and error are sanitized.
   */
  static String line(ProgressEvent event) {
    StringBuilder line = new StringBuilder(128);
    line.append(Text.sanitize(event.operation()))
        .append(' ')
        .append(Text.sanitize(event.name()))
        .append(": ");
    if (event.kind() == Kind.GROUP) {
      group(line, event);
      return line.toString();
    }
    Unit unit = event.unit();
    switch (event.status()) {
      case PENDING:
        line.append("pending");
        appendTotal(line, event);
        break;
      case STARTING:
        if (event.isLifecycle()) {
          line.append("starting");
          appendTotal(line, event);
          break;
        }
        appendProgress(line, event);
        break;
      case IN_PROGRESS:
        appendProgress(line, event);
        break;
      case SAVING:
        line.append("saving");
        if (!event.isLifecycle()) {
          line.append(", ").append(amount(event.bytes(), unit)).append(" moved");
        } else {
          appendTotal(line, event);
        }
        break;
      case COMPLETED:
        line.append("completed, ")
            .append(amount(event.bytes(), unit))
            .append(" in ")
            .append(Text.duration(event.elapsed()))
            .append(", average ")
            .append(rate(event.averageSpeed(), unit));
        break;
      case FAILED:
      case CANCELLED:
        line.append(event.status() == Status.FAILED ? "failed" : "cancelled")
            .append(" after ")
            .append(amount(event.bytes(), unit));
        if (event.isTotalKnown()) {
          line.append(" of ").append(amount(event.totalBytes(), unit));
        }
        event.error().ifPresent(e -> line.append(": ").append(Text.sanitize(e)));
        break;
    }
    if (event.kind() == Kind.FILE) {
      appendStep(line, event);
    }
    return line.toString();
  }

  private static void appendProgress(StringBuilder line, ProgressEvent event) {
    Unit unit = event.unit();
    if (event.isTotalKnown()) {
      line.append(Percent.oneDecimal(event))
          .append('%')
          .append(" (")
          .append(amount(event.bytes(), unit))
          .append(" of ")
          .append(amount(event.totalBytes(), unit))
          .append(')');
    } else {
      line.append(amount(event.bytes(), unit));
    }
    line.append(" at ").append(rate(event.speed(), unit));
    event.eta().ifPresent(eta -> line.append(", ETA ").append(Text.duration(eta)));
  }

  /**
   * A group's line, counted in files rather than bytes: {@code upload photos: 42.0%, 3 of 10 files
   * (1 failed), ETA 4.2 s}, {@code completed, 10 of 10 files in 12.0 s}, {@code failed: <error>; 10
   * of 10 files (2 failed)}.
   */
  private static void group(StringBuilder line, ProgressEvent event) {
    Status status = event.status();
    if (status.isFinal()) {
      line.append(status == Status.COMPLETED ? "completed" : status.word());
      event.error().ifPresent(e -> line.append(": ").append(Text.sanitize(e)));
      line.append(status == Status.COMPLETED ? ", " : "; ");
      appendFiles(line, event);
      line.append(" in ").append(Text.duration(event.elapsed()));
      return;
    }
    if (event.isLifecycle() && status != Status.IN_PROGRESS) {
      line.append(status.word()).append(", ");
    } else if (event.isPercentageKnown()) {
      line.append(Percent.oneDecimal(event)).append("%, ");
    }
    appendFiles(line, event);
    event.eta().ifPresent(eta -> line.append(", ETA ").append(Text.duration(eta)));
  }

  /** {@code 3 of 10 files (1 failed)} for an event that counts files; nothing otherwise. */
  private static void appendFiles(StringBuilder line, ProgressEvent event) {
    if (event.totalFiles() < 0) {
      return;
    }
    line.append(event.completedFiles())
        .append(" of ")
        .append(event.totalFiles())
        .append(event.totalFiles() == 1 ? " file" : " files");
    event.message().ifPresent(m -> line.append(" (").append(Text.sanitize(m)).append(')'));
  }

  /**
   * A file's step word and message, {@code [processing: virus scan]}, when it has them; a message
   * that the line already gives as the error is not said twice.
   */
  private static void appendStep(StringBuilder line, ProgressEvent event) {
    String message = event.message().filter(m -> !event.error().orElse("").equals(m)).orElse(null);
    if (event.step().isEmpty() && message == null) {
      return;
    }
    line.append(" [").append(Text.sanitize(event.step().orElse("")));
    if (message != null) {
      line.append(event.step().isPresent() ? ": " : "").append(Text.sanitize(message));
    }
    line.append(']');
  }

  private static void appendTotal(StringBuilder line, ProgressEvent event) {
    if (event.isTotalKnown()) {
      line.append(" (").append(amount(event.totalBytes(), event.unit())).append(')');
    }
  }

  private static String amount(long count, Unit unit) {
    return unit.isBytes() ? Text.bytes(count) : count + " " + unit.name();
  }

  private static String rate(double perSecond, Unit unit) {
    double speed = Double.isNaN(perSecond) || perSecond < 0 ? 0 : perSecond;
    if (unit == Unit.BYTES) {
      return Text.bytes(speed >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) speed) + "/s";
    }
    return String.format(Locale.ROOT, "%.1f %s/s", speed, unit.name());
  }
}
