// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables, created when missing, in SQL that SQLite and PostgreSQL both run as it is written.
 *
 * <p>Times are epoch milliseconds in {@code BIGINT} columns, not ISO text: both databases compare,
 * sort and subtract them as numbers ({@code ended_at - started_at} is a duration in either), where
 * ISO text would need each database's own date functions; and the value is exactly the event's
 * time, with no time-zone or precision question. Speeds and percentages are {@code DOUBLE
 * PRECISION} (REAL in SQLite, whose type affinity reads that name as a float). There is no foreign
 * key from {@code progress_logs} to {@code transfers}: a progress row may be written before its
 * transfer's row when the buffer had to drop rows, and a history with a missing row is still worth
 * keeping.
 *
 * <p>{@code flowmeter_schema} holds the version of these tables, so that a later release can
 * migrate them; a database whose version is newer than {@link #VERSION} is left alone.
 */
final class Schema {
  /** The version these tables are. */
  static final int VERSION = 1;

  private static final List<String> TABLES =
      List.of(
          "CREATE TABLE IF NOT EXISTS flowmeter_schema ("
              + "version INTEGER NOT NULL, applied_at BIGINT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS transfers ("
              + "id TEXT PRIMARY KEY, run_id TEXT NOT NULL, transfer_id BIGINT NOT NULL,"
              + " name TEXT NOT NULL, operation TEXT NOT NULL, kind TEXT NOT NULL,"
              + " unit TEXT NOT NULL, started_at BIGINT NOT NULL, ended_at BIGINT,"
              + " updated_at BIGINT NOT NULL, total_bytes BIGINT, final_bytes BIGINT NOT NULL,"
              + " status TEXT NOT NULL, error_type TEXT, error_message TEXT, parent_id TEXT,"
              + " attributes TEXT NOT NULL)",
          "CREATE INDEX IF NOT EXISTS transfers_started_at ON transfers (started_at)",
          "CREATE TABLE IF NOT EXISTS progress_logs ("
              + "transfer_id TEXT NOT NULL, ts BIGINT NOT NULL, bytes BIGINT NOT NULL,"
              + " percentage DOUBLE PRECISION, speed_bps DOUBLE PRECISION)",
          "CREATE INDEX IF NOT EXISTS progress_logs_transfer_ts ON progress_logs (transfer_id, ts)");

  /** Writes a transfer's whole row, or replaces it: one statement for a start and an end. */
  static final String UPSERT_TRANSFER =
      "INSERT INTO transfers (id, run_id, transfer_id, name, operation, kind, unit, started_at,"
          + " ended_at, updated_at, total_bytes, final_bytes, status, error_type, error_message,"
          + " parent_id, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
          + " operation = excluded.operation, kind = excluded.kind, unit = excluded.unit,"
          + " ended_at = excluded.ended_at, updated_at = excluded.updated_at,"
          + " total_bytes = excluded.total_bytes, final_bytes = excluded.final_bytes,"
          + " status = excluded.status, error_type = excluded.error_type,"
          + " error_message = excluded.error_message, parent_id = excluded.parent_id,"
          + " attributes = excluded.attributes";

  static final String INSERT_PROGRESS =
      "INSERT INTO progress_logs (transfer_id, ts, bytes, percentage, speed_bps)"
          + " VALUES (?, ?, ?, ?, ?)";

  private Schema() {}

  /**
   * Creates what is missing and records the version, on {@code connection} in auto-commit mode.
   *
   * @throws SQLException when the database cannot, or when its tables are of a newer version
   */
  static void ensure(Connection connection, long now) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : TABLES) {
        statement.execute(sql);
      }
    }
    int version = version(connection);
    if (version == 0) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO flowmeter_schema (version, applied_at) SELECT ?, ?"
                  + " WHERE NOT EXISTS (SELECT 1 FROM flowmeter_schema)")) {
        insert.setInt(1, VERSION);
        insert.setLong(2, now);
        insert.executeUpdate();
      }
    } else if (version > VERSION) {
      throw new SQLException(
          "its tables are of version "
              + version
              + ", newer than this sink's "
              + VERSION
              + ": use the Flowmeter release that made them");
    }
  }

  /** The version recorded in {@code flowmeter_schema}, 0 when none is. */
  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM flowmeter_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
