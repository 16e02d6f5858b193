// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.StatusWords;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

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

  private CsvSink(LineFile file) {
    super(file);
  }

  /** Opens {@code path} for appending, writing the header when the file is new or empty. */
  static CsvSink open(Path path) throws IOException {
    return open(LineFile.open(path));
  }

  /** Appends to {@code file}, writing the header first when it is empty. */
  static CsvSink open(LineFile file) throws IOException {
    try {
      if (file.size() == 0) {
        file.add(HEADER + EOL);
        file.write();
      }
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new CsvSink(file);
  }

  @Override
  public void onEvent(ProgressEvent event) {
    String status = StatusWords.CALLBACK.word(event);
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
      twoDecimals(row, speed / 1e6);
    }
    row.append(',').append(status).append(EOL);
    add(row);
  }

  /**
   * Appends {@code value} with two decimals, rounded to the nearest hundredth, without the cost of
   * a {@link java.util.Formatter}: a busy CSV writes one such cell per row. (At an exact tie of the
   * decimal written in the source, the last digit may differ from {@code %.2f}, which rounds the
   * binary value; a speed has no such ties worth the cost.)
   */
  static void twoDecimals(StringBuilder out, double value) {
    if (Math.abs(value) >= 1e15) {
      out.append(String.format(Locale.ROOT, "%.2f", value));
      return;
    }
    long cents = Math.round(Math.abs(value) * 100);
    if (value < 0 && cents != 0) {
      out.append('-');
    }
    out.append(cents / 100).append('.');
    long rest = cents % 100;
    if (rest < 10) {
      out.append('0');
    }
    out.append(rest);
  }

  /**
   * Appends a text cell, neutralised against formulas, its control characters written as {@code
   * \\u001b} (so {@code tail -f} on the file cannot be steered by a name's escape sequences), and
   * quoted as RFC 4180 asks. Tab, CR and LF stay as they are, quoted.
   */
  static void text(StringBuilder out, String value) {
    String cell = neutralise(visible(value));
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

  /** {@code value} with each control character but tab, CR and LF as {@code \\uXXXX}. */
  static String visible(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control =
          (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || (c >= 0x7f && c <= 0x9f);
      if (control) {
        if (out == null) {
          out = new StringBuilder(value.length() + 16).append(value, 0, i);
        }
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
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
