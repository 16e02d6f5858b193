// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static dev.flowmeter.jdbc.TransferHistory.printable;

import dev.flowmeter.jdbc.TransferHistory;
import dev.flowmeter.jdbc.TransferRecord;
import dev.flowmeter.jdbc.TransferStats;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the history the {@code jdbc} sink writes, as a table:
 *
 * <pre>
 * history &lt;jdbc-url&gt; [last N | stats &lt;id&gt; | failures &lt;since&gt;]
 * </pre>
 *
 * <p>{@code last 20} when nothing follows the URL. {@code <since>} is an ISO instant ({@code
 * 2026-11-27T06:00:00Z}), a date ({@code 2026-11-27}, from midnight UTC) or a time back from now
 * ({@code 90m}, {@code 24h}, {@code 7d}). Times are printed in UTC; every text the database holds
 * (another program may have written it) is printed through {@link TransferHistory#printable}, with
 * its control characters, bidirectional controls and lone surrogates as {@code ?}, so a hostile
 * value cannot steer the terminal or reverse what follows it.
 */
final class HistorySample {
  static final String OPTIONS = "<jdbc-url> [last N | stats <id> | failures <since>]";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");

  private HistorySample() {}

  static void main(String[] args) throws SQLException {
    run(args, System.out, Clock.systemUTC());
  }

  static void run(String[] args, PrintStream out, Clock clock) throws SQLException {
    if (args.length == 0 || !args[0].startsWith("jdbc:")) {
      throw new UsageException("give a JDBC URL first, as jdbc:sqlite:transfers.db: " + OPTIONS);
    }
    String what = args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "last";
    String argument = args.length > 2 ? args[2] : null;
    if (args.length > 3 || (args.length == 2 && !what.equals("last"))) {
      throw new UsageException(OPTIONS);
    }
    try (TransferHistory history = TransferHistory.open(args[0])) {
      switch (what) {
        case "last" -> table(out, history.last(count(argument)), false);
        case "failures" -> table(out, history.failures(since(argument, clock)), true);
        case "stats" -> stats(out, history.stats(argument).orElse(null), argument);
        default -> throw new UsageException("unknown query '" + what + "': " + OPTIONS);
      }
    }
  }

  private static int count(String argument) {
    if (argument == null) {
      return 20;
    }
    try {
      int n = Integer.parseInt(argument);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("last takes a number of transfers, not '" + argument + "'");
  }

  static Instant since(String argument, Clock clock) {
    if (argument == null) {
      throw new UsageException("failures takes a time: 24h, 2026-11-27 or 2026-11-27T06:00:00Z");
    }
    Matcher ago = AGO.matcher(argument);
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      Duration unit =
          switch (ago.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
          };
      return clock.instant().minus(unit.multipliedBy(n));
    }
    try {
      return argument.contains("T")
          ? Instant.parse(argument)
          : LocalDate.parse(argument).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "'" + argument + "' is no time: give 24h, 2026-11-27 or 2026-11-27T06:00:00Z");
    }
  }

  private static void table(PrintStream out, List<TransferRecord> records, boolean errors) {
    if (records.isEmpty()) {
      out.println("no transfers");
      return;
    }
    String format = "%-16s  %-19s  %-9s  %-8s  %10s  %10s  %9s  %11s  %s%n";
    out.printf(
        Locale.ROOT,
        format,
        "id",
        "started (UTC)",
        "status",
        "op",
        "bytes",
        "total",
        "duration",
        "avg speed",
        errors ? "name: error" : "name");
    for (TransferRecord r : records) {
      String name = printable(r.name(), 60);
      if (errors && r.errorMessage() != null) {
        name += ": " + printable(r.errorMessage(), 80);
      }
      out.printf(
          Locale.ROOT,
          format,
          printable(r.id(), 16),
          TIME.format(r.startedAt()),
          printable(r.status(), 9),
          printable(r.operation(), 8),
          size(r.bytes()),
          r.totalBytes() < 0 ? "?" : size(r.totalBytes()),
          duration(r.duration()),
          size(Math.round(r.averageSpeed())) + "/s",
          name);
    }
  }

  private static void stats(PrintStream out, TransferStats stats, String id) {
    if (stats == null) {
      out.println("no transfer " + printable(id, 60));
      return;
    }
    TransferRecord r = stats.transfer();
    String format = "%-14s %s%n";
    out.printf(Locale.ROOT, format, "id", printable(r.id(), 60));
    out.printf(Locale.ROOT, format, "name", printable(r.name(), 200));
    out.printf(
        Locale.ROOT,
        format,
        "operation",
        printable(r.operation(), 60) + " (" + printable(r.kind(), 20) + ")");
    out.printf(Locale.ROOT, format, "status", printable(r.status(), 60));
    out.printf(Locale.ROOT, format, "started", TIME.format(r.startedAt()) + " UTC");
    out.printf(
        Locale.ROOT,
        format,
        "ended",
        r.end().map(e -> TIME.format(e) + " UTC").orElse("(not ended when last written)"));
    out.printf(Locale.ROOT, format, "duration", duration(stats.duration()));
    out.printf(
        Locale.ROOT,
        format,
        "bytes",
        r.bytes() + (r.totalBytes() < 0 ? " of ?" : " of " + r.totalBytes()));
    out.printf(Locale.ROOT, format, "average speed", size(Math.round(stats.averageSpeed())) + "/s");
    out.printf(Locale.ROOT, format, "max speed", size(Math.round(stats.maxSpeed())) + "/s");
    out.printf(Locale.ROOT, format, "progress rows", stats.progressRows());
    Optional.ofNullable(r.errorMessage())
        .ifPresent(e -> out.printf(Locale.ROOT, format, "error", printable(e, 200)));
    if (r.parentId() != null) {
      out.printf(Locale.ROOT, format, "parent", printable(r.parentId(), 60));
    }
    if (!r.attributes().equals("{}")) {
      out.printf(Locale.ROOT, format, "attributes", printable(r.attributes(), 200));
    }
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = d.toSeconds();
    return seconds < 3600
        ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60)
        : String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds / 60 % 60);
  }
}
