// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that prints records above the console sink's progress bars,
 * through {@link ConsoleOutput#println(String)}, so log lines and bars never tear each other.
 *
 * <p>{@link System.Logger} goes to {@code java.util.logging} unless another backend is installed,
 * so this handler serves both. Install it in place of the default {@link
 * java.util.logging.ConsoleHandler}, in code:
 *
 * <pre>{@code
 * Logger root = Logger.getLogger("");
 * for (Handler h : root.getHandlers()) root.removeHandler(h);
 * root.addHandler(new ConsoleLogHandler());
 * }</pre>
 *
 * <p>or in {@code logging.properties}: {@code handlers=dev.flowmeter.console.ConsoleLogHandler},
 * with optional {@code dev.flowmeter.console.ConsoleLogHandler.level} and {@code .formatter}
 * (defaults: {@code INFO} and {@link SimpleFormatter}).
 *
 * <p>Thread-safety: {@link #publish} may be called from any thread.
 */
public final class ConsoleLogHandler extends Handler {
  /** A handler configured from the {@link LogManager} properties, as described above. */
  public ConsoleLogHandler() {
    LogManager manager = LogManager.getLogManager();
    String prefix = ConsoleLogHandler.class.getName();
    Level level = Level.INFO;
    String levelName = manager.getProperty(prefix + ".level");
    if (levelName != null) {
      try {
        level = Level.parse(levelName.trim());
      } catch (IllegalArgumentException e) {
        reportError("bad level " + levelName, e, ErrorManager.GENERIC_FAILURE);
      }
    }
    setLevel(level);
    Formatter formatter = new SimpleFormatter();
    String formatterName = manager.getProperty(prefix + ".formatter");
    if (formatterName != null) {
      try {
        formatter =
            (Formatter)
                ClassLoader.getSystemClassLoader()
                    .loadClass(formatterName.trim())
                    .getDeclaredConstructor()
                    .newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        reportError("bad formatter " + formatterName, e, ErrorManager.GENERIC_FAILURE);
      }
    }
    setFormatter(formatter);
  }

  /**
   * Formats {@code record} and prints it above the bars. A trailing line break of the formatted
   * text is dropped, since {@link ConsoleOutput#println(String)} ends the line itself.
   */
  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    String text;
    try {
      text = getFormatter().format(record);
    } catch (RuntimeException e) {
      reportError(null, e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n") || text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      ConsoleOutput.println(text);
    } catch (RuntimeException e) {
      reportError(null, e, ErrorManager.WRITE_FAILURE);
    }
  }

  /** Nothing to flush: every record is written and flushed when published. */
  @Override
  public void flush() {}

  /** Nothing to release; the stream belongs to the console sink or to the process. */
  @Override
  public void close() {}
}
