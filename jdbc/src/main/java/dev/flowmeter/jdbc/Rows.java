// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.JsonWriter;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.StatusWords;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The rows the sink writes, taken from events on the sink's thread: plain values, so that a row
 * kept while the database is unreachable holds no reference to the event.
 */
final class Rows {
  private Rows() {}

  /**
   * A transfer's row in {@code transfers} as of one lifecycle event: the whole state, so that the
   * latest row of a transfer replaces the ones before it (in the buffer and in the table).
   */
  record TransferRow(
      String id,
      String run,
      long transferId,
      String name,
      String operation,
      String kind,
      String unit,
      long startedAt,
      @Nullable Long endedAt,
      long updatedAt,
      @Nullable Long totalBytes,
      long finalBytes,
      String status,
      @Nullable String errorType,
      @Nullable String errorMessage,
      @Nullable String parentId,
      String attributes) {

    static TransferRow of(String run, ProgressEvent event) {
      long started = event.startTime().toEpochMilli();
      String error = event.error().orElse(null);
      String errorType = event.errorType().orElse(null);
      return new TransferRow(
          key(run, event.transferId()),
          run,
          event.transferId(),
          clean(event.name()),
          clean(event.operation()),
          event.kind().word(),
          event.unit().name().toLowerCase(Locale.ROOT),
          started,
          event.isFinal() ? started + event.elapsed().toMillis() : null,
          event.time().toEpochMilli(),
          event.isTotalKnown() ? event.totalBytes() : null,
          event.bytes(),
          StatusWords.FLOWMETER.word(event.status()),
          errorType == null ? null : clean(errorType),
          error == null ? null : clean(error),
          event.parentId() == 0 ? null : key(run, event.parentId()),
          new JsonWriter().value(event.attributes()).toString());
    }
  }

  /** One row of {@code progress_logs}. */
  record ProgressRow(
      String transferId, long ts, long bytes, @Nullable Double percentage, @Nullable Double speed) {

    static ProgressRow of(String run, ProgressEvent event) {
      long hundredths = Percent.floor(event, 100);
      double speed = event.speed();
      return new ProgressRow(
          key(run, event.transferId()),
          event.time().toEpochMilli(),
          event.bytes(),
          hundredths < 0 ? null : hundredths / 100.0,
          Double.isNaN(speed) || Double.isInfinite(speed) ? null : speed);
    }
  }

  /**
   * A transfer's key in the database: the sink's run and the transfer's id in this JVM, since ids
   * start again at 1 in every JVM that writes to one database.
   */
  static String key(String run, long transferId) {
    return run + "-" + transferId;
  }

  /**
   * {@code text} as every database stores it: a NUL character (which PostgreSQL refuses in text)
   * and a lone surrogate (which no UTF-8 encoder writes as it is; drivers differ in what they write
   * instead) become U+FFFD. Everything else is kept as the application gave it, control characters
   * included: a value is a parameter, never part of the SQL, and whoever prints it must make it
   * safe for where it is printed.
   */
  static String clean(String text) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean bad;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1));
      } else if (Character.isLowSurrogate(c)) {
        bad = i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
      } else {
        bad = c == '\0';
      }
      if (bad && out == null) {
        out = new StringBuilder(n).append(text, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out == null ? text : out.toString();
  }
}
