// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the last export of the SDK's {@code logging} exporter printed when the JVM exits.
 *
 * <p>That exporter prints through {@code java.util.logging}, whose {@code LogManager} resets itself
 * in a shutdown hook of its own, running alongside Flowmeter's: it removes every logger's handlers
 * and will not create the root logger's console handler any more. So the export made when the sink
 * closes at exit (the only one of a program shorter than the export interval) found no handler and
 * printed nothing. This class takes the handlers the exporter's logger prints to when the sink is
 * built (creating the root logger's, which the {@code LogManager} does lazily; a console handler as
 * the default configuration's when the sink is built during the exit itself), and before an export
 * made while the JVM exits, waits for the reset to be over, then gives the exporter's logger those
 * handlers back. A console handler prints after the reset; a file handler the reset closed does
 * not.
 */
final class ExitLogging {
  private static final String LOG_MANAGER_RESET = "java.util.logging.LogManager$Cleaner";
  private static final long RESET_WAIT_MILLIS = 1000;

  private final Logger logger;
  private final List<Handler> handlers;
  private final AtomicBoolean restored = new AtomicBoolean();

  private ExitLogging(Logger logger, List<Handler> handlers) {
    this.logger = logger;
    this.handlers = handlers;
  }

  /**
   * For the SDK's logging exporter (found by its class's simple name, so also when relocated), the
   * handlers its logger prints to now; {@code null} for any other exporter.
   */
  static @Nullable ExitLogging of(MetricExporter exporter) {
    if (!exporter.getClass().getSimpleName().equals("LoggingMetricExporter")) {
      return null;
    }
    // the exporter's logger is named after its class, as java.util.logging loggers usually are
    Logger logger = Logger.getLogger(exporter.getClass().getName());
    List<Handler> handlers = handlersOf(logger);
    if (handlers.isEmpty() && ExitClock.isExiting()) {
      // built while the JVM exits (a program that ended at once): the LogManager no longer makes
      // its default console handler, so this makes one as it would have
      handlers = List.of(new ConsoleHandler());
    }
    return new ExitLogging(logger, handlers);
  }

  /** Before an export: when the JVM is exiting, the handlers back, once the reset is over. */
  void beforeExport() {
    if (handlers.isEmpty() || restored.get() || !ExitClock.isExiting()) {
      return;
    }
    awaitLogManagerReset();
    if (handlersOf(logger).isEmpty() && restored.compareAndSet(false, true)) {
      for (Handler handler : handlers) {
        logger.addHandler(handler);
      }
    }
  }

  /** The handlers a record logged on {@code logger} reaches. */
  private static List<Handler> handlersOf(Logger logger) {
    List<Handler> handlers = new ArrayList<>();
    for (Logger at = logger; at != null; at = at.getParent()) {
      handlers.addAll(List.of(at.getHandlers()));
      if (!at.getUseParentHandlers()) {
        break;
      }
    }
    return handlers;
  }

  /** Waits, a second at most, for the {@code LogManager}'s shutdown hook to end. */
  private static void awaitLogManagerReset() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getClass().getName().equals(LOG_MANAGER_RESET)) {
        try {
          thread.join(RESET_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
