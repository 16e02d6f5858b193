// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.StatusWords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
  /** The columns of every version before file groups: still written to a file that has them. */
  static final String OLD_HEADER =
      "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status";

  /** The columns of the versions with file groups, before sources: still written to a file. */
  static final String FAMILY_HEADER = OLD_HEADER + ",kind,step,completed_files,total_files,message";

  static final String HEADER = FAMILY_HEADER + ",source,direction";
  private static final String EOL = "\r\n";

  private final StringBuilder row = new StringBuilder(160);
  private final boolean family; // false: the file has OLD_HEADER, whose rows stop at status
  private final boolean sourced; // false: the file has an older header, without source, direction

  private CsvSink(LineFile file, String header) {
    super(file);
    this.family = !header.equals(OLD_HEADER);
    this.sourced = header.equals(HEADER);
  }

  /**
   * Opens {@code path} for appending, writing the header when the file is new or empty. A file that
   * begins with the header of an older version ({@link #OLD_HEADER}, {@link #FAMILY_HEADER}) keeps
   * its columns, so that no file mixes rows of two widths; that is said once.
   */
  static CsvSink open(Path path) throws IOException {
    String old = olderHeader(path);
    if (old != null) {
      Diagnostics.once(
          "csv-old-header:" + path,
          "csv sink: "
              + path
              + " has the columns of an older version; its rows keep to them (no "
              + HEADER.substring(old.length() + 1).replace(",", ", ")
              + "): name a new file to have them");
    }
    return open(LineFile.open(path), old != null ? old : HEADER);
  }

  /** Appends to {@code file}, writing the header first when it is empty. */
  static CsvSink open(LineFile file) throws IOException {
    return open(file, HEADER);
  }

  private static CsvSink open(LineFile file, String header) throws IOException {
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
    return new CsvSink(file, header);
  }

  /**
   * The header of an older version that is the first line of the regular file {@code path}, or
   * {@code null} (a new file, or one of the current columns).
   */
  private static @Nullable String olderHeader(Path path) {
    for (String old : new String[] {FAMILY_HEADER, OLD_HEADER}) {
      if (startsWith(path, old)) {
        return old;
      }
    }
    return null;
  }

  /** Whether {@code path} is a regular file whose first line is {@code header}. */
  private static boolean startsWith(Path path, String header) {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    byte[] start = new byte[header.length() + 2];
    int n = 0;
    try (InputStream in = Files.newInputStream(path)) {
      for (int r; n < start.length && (r = in.read(start, n, start.length - n)) > 0; ) {
        n += r;
      }
    } catch (IOException | RuntimeException e) {
      return false; // opening it for appending says what is wrong, in its own words
    }
    String line = new String(start, 0, n, StandardCharsets.UTF_8);
    return line.equals(header + EOL) || line.startsWith(header + "\n");
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
    row.append(',').append(status);
    if (family) {
      family(event);
    }
    if (sourced) {
      row.append(',');
      text(row, event.source()); // a replayed event's source may be any text
      row.append(',').append(event.direction().word());
    }
    row.append(EOL);
    add(row);
  }

  /** The columns after status: kind, step, completed_files, total_files, message. */
  private void family(ProgressEvent event) {
    row.append(',').append(event.kind().word()).append(',');
    text(row, event.step().orElse(""));
    row.append(',');
    if (event.totalFiles() >= 0) {
      row.append(event.completedFiles()).append(',').append(event.totalFiles());
    } else {
      row.append(',');
    }
    row.append(',');
    text(row, event.message().orElse(""));
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
