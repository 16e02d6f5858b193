// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.internal.Text;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Reads the history the {@code jdbc} sink writes: one transfer's statistics, the last transfers,
 * the failures of a period.
 *
 * <pre>{@code
 * try (TransferHistory history = TransferHistory.open("jdbc:sqlite:transfers.db")) {
 *   for (TransferRecord t : history.last(10)) { ... }
 * }
 * }</pre>
 *
 * <p>Every value read is as the database holds it, and another program may have written it: print
 * text through {@link #printable} (ids, names, operations, kinds, statuses, errors, attributes).
 *
 * <p>Queries are plain SQL on the sink's tables (see {@link JdbcSinkProvider}), the same on SQLite
 * and PostgreSQL; reading while a sink writes is safe (SQLite runs in WAL mode). An instance holds
 * one connection: use it from one thread at a time, and close it.
 */
public final class TransferHistory implements AutoCloseable {
  private static final String COLUMNS =
      "id, name, operation, kind, status, started_at, ended_at, updated_at, total_bytes,"
          + " final_bytes, error_type, error_message, parent_id, attributes";

  private final Connection connection;
  private final boolean owned;

  private TransferHistory(Connection connection, boolean owned) {
    this.connection = connection;
    this.owned = owned;
  }

  /**
   * Opens {@code url} (a JDBC URL, as {@code jdbc:sqlite:transfers.db}), with the user and password
   * the URL holds, if any.
   *
   * @throws SQLException when the database cannot be reached
   */
  public static TransferHistory open(String url) throws SQLException {
    return open(url, new Properties());
  }

  /**
   * Opens {@code url} with the driver's {@code properties} ({@code user}, {@code password}...).
   *
   * @throws SQLException when the database cannot be reached, or the SQLite file it names does not
   *     exist (SQLite would create it)
   */
  public static TransferHistory open(String url, Properties properties) throws SQLException {
    Path file = sqliteFile(url);
    if (file != null && !Files.exists(file)) {
      // SQLite would create an empty database there: a typo would leave a file behind
      throw new SQLException("no database file at " + file);
    }
    return new TransferHistory(Database.open(url, properties), true);
  }

  /** The file of a SQLite URL naming one plainly ({@code jdbc:sqlite:t.db}), else {@code null}. */
  private static @Nullable Path sqliteFile(String url) {
    if (!Database.isSqlite(url)) {
      return null;
    }
    String path = url.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
      return null; // in memory, or a URI with options of its own
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      return null; // the driver says what is wrong with it
    }
  }

  /** Reads through {@code connection}, which stays the caller's: {@link #close} leaves it open. */
  public static TransferHistory using(Connection connection) {
    return new TransferHistory(Objects.requireNonNull(connection, "connection"), false);
  }

  /**
   * The statistics of transfer {@code id}: its key ({@code mhz1k2ab7q-12}) or, as a number alone,
   * the latest transfer of that number; empty when there is none.
   *
   * @throws SQLException when the query fails (no such table: nothing was written there yet)
   */
  public Optional<TransferStats> stats(String id) throws SQLException {
    boolean number = !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    String where = number ? "transfer_id = ? ORDER BY started_at DESC, id DESC LIMIT 1" : "id = ?";
    List<TransferRecord> found;
    try (PreparedStatement s =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM transfers WHERE " + where)) {
      if (number) {
        s.setLong(1, Long.parseLong(id));
      } else {
        s.setString(1, id);
      }
      found = records(s);
    } catch (NumberFormatException e) {
      return Optional.empty(); // a number beyond any transfer's
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    TransferRecord transfer = found.get(0);
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT COUNT(*), MAX(speed_bps) FROM progress_logs WHERE transfer_id = ?")) {
      s.setString(1, transfer.id());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long rows = rs.getLong(1);
        double max = rs.getDouble(2);
        if (rs.wasNull()) {
          max = 0;
        }
        return Optional.of(
            new TransferStats(transfer, rows, Math.max(max, transfer.averageSpeed())));
      }
    }
  }

  /**
   * The {@code n} transfers that started last, the latest first.
   *
   * @throws SQLException when the query fails
   */
  public List<TransferRecord> last(int n) throws SQLException {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM transfers ORDER BY started_at DESC, id DESC LIMIT ?")) {
      s.setInt(1, n);
      return records(s);
    }
  }

  /**
   * The transfers that failed from {@code from} (included) to {@code to} (excluded), by the time
   * they ended, the latest first. Cancelled transfers are not failures.
   *
   * @throws SQLException when the query fails
   */
  public List<TransferRecord> failures(Instant from, Instant to) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM transfers WHERE status = 'failed'"
                + " AND COALESCE(ended_at, updated_at) >= ? AND COALESCE(ended_at, updated_at) < ?"
                + " ORDER BY COALESCE(ended_at, updated_at) DESC, id DESC")) {
      s.setLong(1, from.toEpochMilli());
      s.setLong(2, to.toEpochMilli());
      return records(s);
    }
  }

  /**
   * The transfers that failed since {@code since}, the latest first.
   *
   * @throws SQLException when the query fails
   */
  public List<TransferRecord> failures(Instant since) throws SQLException {
    return failures(since, Instant.ofEpochMilli(Long.MAX_VALUE));
  }

  private static List<TransferRecord> records(PreparedStatement s) throws SQLException {
    List<TransferRecord> records = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        records.add(
            new TransferRecord(
                text(rs, 1),
                text(rs, 2),
                text(rs, 3),
                text(rs, 4),
                text(rs, 5),
                Instant.ofEpochMilli(rs.getLong(6)),
                instant(rs, 7),
                Instant.ofEpochMilli(rs.getLong(8)),
                orMinusOne(rs, 9),
                rs.getLong(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                text(rs, 14)));
      }
    }
    return records;
  }

  /** A column the sink never leaves empty; another program may have: then "". */
  private static String text(ResultSet rs, int column) throws SQLException {
    return Objects.requireNonNullElse(rs.getString(column), "");
  }

  private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static long orMinusOne(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? -1 : value;
  }

  /**
   * {@code text} made safe for a terminal or a one-line log: each control character, escape
   * sequence, line separator, bidirectional control (U+202A to U+202E, U+2066 to U+2069, U+200E,
   * U+200F, U+061C) and lone surrogate shown as {@code ?}, and cut to {@code max} characters (the
   * last one then {@code …}), never between the two halves of a pair.
   *
   * @throws IllegalArgumentException when {@code max} is below 1
   */
  public static String printable(String text, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    String safe = Text.sanitize(text);
    if (safe.length() <= max) {
      return safe;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(safe.charAt(end - 1))) {
      end--;
    }
    return safe.substring(0, end) + '\u2026';
  }

  /** Closes the connection, unless it was given by the caller. */
  @Override
  public void close() throws SQLException {
    if (owned) {
      connection.close();
    }
  }
}
