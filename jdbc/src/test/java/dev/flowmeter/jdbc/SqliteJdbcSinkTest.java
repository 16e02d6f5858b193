// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite on SQLite; unreachable means the file is locked by another connection holding an
 * exclusive transaction.
 */
final class SqliteJdbcSinkTest extends AbstractJdbcSinkTest {
  @TempDir Path dir;
  private int databases;
  private @Nullable Connection lock;

  @Override
  String newDatabase() {
    return "jdbc:sqlite:" + dir.resolve("transfers" + (++databases) + ".db");
  }

  @Override
  void makeUnavailable() throws SQLException {
    Connection c = Database.open(url, new Properties());
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN EXCLUSIVE"); // the driver begins lazily: this takes the lock now
    } catch (SQLException e) {
      // sqlite-jdbc has begun a transaction itself already: take the lock by writing
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS lock_holder (x INTEGER)");
        s.execute("INSERT INTO lock_holder VALUES (1)");
      }
    }
    lock = c;
  }

  @Override
  void makeAvailable() throws SQLException {
    Connection c = lock;
    lock = null;
    if (c != null) {
      c.rollback();
      c.close();
    }
  }

  @Test
  void sqlite_runsInWalMode() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of());
    sink.onEvent(new Events(1, "a.bin", 10, 0).started());
    sink.close();
    try (Connection c = Database.open(url, new Properties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }
}
