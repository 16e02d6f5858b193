// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkFiles;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code csv:<path>} sink: one row per event, for a spreadsheet or a script.
 *
 * <p>The columns are exactly {@code
 * timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status,kind,step,completed_files,total_files,message},
 * under a header row written when the file is new or empty (appending to a file that has rows adds
 * no second header). The last five say what a transfer is within its family: {@code kind} is {@code
 * transfer}, {@code operation}, {@code stage}, {@code group} or {@code file}; {@code step} a file's
 * step word or an operation's current stage; {@code completed_files} and {@code total_files} a
 * group's files that ended and that it holds ("3 of 10 files"), empty for anything else; {@code
 * message} a file's or stage's message. A file whose header is that of an older version (the first
 * eight columns alone) keeps to those eight, so no file mixes rows of two widths. The timestamp is
 * the event's time in ISO-8601 (UTC); the percentage has one decimal; the speed is in MB/s, that is
 * 10<sup>6</sup> bytes per second, with two decimals; percentage and total are empty when the total
 * is unknown. The status is one of {@code starting}, {@code progress}, {@code saving}, {@code
 * completed}, {@code error} (a failed transfer) and {@code cancelled}; pending transfers get no
 * row.
 *
 * <p>The file is UTF-8 with CRLF line ends and RFC 4180 quoting: a cell holding a comma, a quote,
 * CR or LF is quoted, with its quotes doubled. A name, operation, step or message that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR is prefixed with {@code '}, so that a
 * spreadsheet shows it as text and never runs it as a formula.
 *
 * <p>Progress rows come at most once per {@code flowmeter.sink.csv.interval} (default 1 s) per
 * transfer; every start and end has its row. The path is everything after the first {@code :}, so
 * {@code csv:C:\logs\x.csv} works; missing directories are created. A file that cannot be written
 * (a full disk) never ends in a half row: what did not fit is cut off again and written, whole,
 * when there is room; while it lasts up to 1 MiB of rows wait in memory, later rows are dropped.
 */
@AutoService(SinkProvider.class)
public final class CsvSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public CsvSinkProvider() {}

  /** Returns {@code csv}. */
  @Override
  public String name() {
    return "csv";
  }

  /** Returns {@code csv:<path>}. */
  @Override
  public String usage() {
    return "csv:<path>";
  }

  /** One second between progress rows of a transfer. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** {@code interval}. */
  @Override
  public Set<String> options() {
    return Set.of("interval");
  }

  /**
   * Opens the file for appending.
   *
   * @throws dev.flowmeter.ConfigException when the path is missing
   * @throws IOException when the file or its directories cannot be created or opened
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    return CsvSink.open(SinkFiles.path(context, usage()));
  }
}
