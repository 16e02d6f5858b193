// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Appends one CSV row per event; see {@link CsvSinkProvider} for the format.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class CsvSink extends AppendingSink {
  static final String HEADER =
      "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status";
  private static final String EOL = "\r\n";

  private final StringBuilder row = new StringBuilder(160);

  private CsvSink(Writer writer) {
    super(writer);
  }

  /** Opens {@code path} for appending, writing the header when the file is new or empty. */
  static CsvSink open(Path path) throws IOException {
    Writer writer = SinkFiles.append(path);
    try {
      if (Files.size(path) == 0) {
        writer.write(HEADER);
        writer.write(EOL);
        writer.flush();
      }
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
    return new CsvSink(writer);
  }

  @Override
  public void onEvent(ProgressEvent event) {
    String status = statusWord(event);
    if (status == null) {
      return;
    }
    row.setLength(0);
    row.append(event.time()).append(',');
    text(row, event.operation());
    row.append(',');
    text(row, event.name());
    row.append(',');
    row.append(Percent.oneDecimal(event));
    row.append(',').append(event.bytes()).append(',');
    if (event.isTotalKnown()) {
      row.append(event.totalBytes());
    }
    row.append(',');
    double speed = event.speed();
    if (!Double.isNaN(speed) && !Double.isInfinite(speed)) {
      row.append(String.format(Locale.ROOT, "%.2f", speed / 1e6));
    }
    row.append(',').append(status).append(EOL);
    append(row);
  }

  /**
   * The status column for {@code event}, or {@code null} for an event that gets no row (a pending
   * transfer has not started yet).
   */
  static @Nullable String statusWord(ProgressEvent event) {
    switch (event.status()) {
      case PENDING:
        return null;
      case STARTING:
        return event.isLifecycle() ? "starting" : "progress";
      case IN_PROGRESS:
        return "progress";
      case SAVING:
        return "saving";
      case COMPLETED:
        return "completed";
      case FAILED:
        return "error";
      case CANCELLED:
        return "cancelled";
    }
    throw new AssertionError(event.status());
  }

  /** Appends a text cell, neutralised against formulas and quoted as RFC 4180 asks. */
  static void text(StringBuilder out, String value) {
    String cell = neutralise(value);
    if (!needsQuotes(cell)) {
      out.append(cell);
      return;
    }
    out.append('"');
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }

  /**
   * {@code value} prefixed with {@code '} when a spreadsheet would read it as a formula: when it
   * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return.
   */
  static String neutralise(String value) {
    if (value.isEmpty()) {
      return value;
    }
    switch (value.charAt(0)) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        return "'" + value;
      default:
        return value;
    }
  }

  private static boolean needsQuotes(String cell) {
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
