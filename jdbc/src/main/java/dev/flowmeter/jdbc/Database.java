// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.jdbc.Rows.ProgressRow;
import dev.flowmeter.jdbc.Rows.TransferRow;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * One connection to the sink's database, opened when needed and dropped after any failure, so that
 * the next write opens a fresh one (a restarted server, a lock released).
 *
 * <p>One connection on one thread needs no pool: the sink writes one batch at a time from its own
 * thread, and a pool would add a dependency and threads to keep connections that sit idle between
 * batches.
 *
 * <p>Used on the sink's thread only: not thread-safe.
 */
final class Database implements AutoCloseable {
  private final String url;
  private final Properties properties;
  private final Duration timeout;
  private final Clock clock;
  private @Nullable Connection connection;
  private @Nullable PreparedStatement upsert;
  private @Nullable PreparedStatement insert;
  private int opened;

  /**
   * @param url the JDBC URL
   * @param user the user, or {@code null} for the URL's
   * @param password the password, or {@code null} for the URL's
   * @param timeout how long one connection attempt or statement may take
   */
  Database(
      String url, @Nullable String user, @Nullable String password, Duration timeout, Clock clock) {
    this.url = url;
    this.timeout = timeout;
    this.clock = clock;
    this.properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (isSqlite(url)) {
      // from the first statement on, opening included: the driver's own default is 3 s
      properties.setProperty("busy_timeout", String.valueOf(timeout.toMillis()));
    }
    if (isPostgres(url)) {
      String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
      properties.setProperty("connectTimeout", seconds);
      properties.setProperty("loginTimeout", seconds);
      properties.setProperty("socketTimeout", seconds);
      properties.setProperty("ApplicationName", "flowmeter");
    }
  }

  /**
   * Writes {@code transfers}, then {@code progress}, in one transaction. A connection that was open
   * before and failed for want of a connection (a server restarted since the last batch) is
   * replaced and the batch tried once more at once.
   *
   * @throws SQLException when the rows could not be written; none of them then was
   */
  void write(Collection<TransferRow> transfers, Collection<ProgressRow> progress)
      throws SQLException {
    boolean reused = connection != null;
    try {
      writeOnce(transfers, progress);
    } catch (SQLException e) {
      close();
      String state = e.getSQLState();
      if (!reused || state == null || !state.startsWith("08")) {
        throw e;
      }
      writeOnce(transfers, progress);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void writeOnce(Collection<TransferRow> transfers, Collection<ProgressRow> progress)
      throws SQLException {
    Connection c = connection();
    try {
      if (!transfers.isEmpty()) {
        PreparedStatement s = upsert;
        for (TransferRow row : transfers) {
          bind(s, row);
          s.addBatch();
        }
        s.executeBatch();
      }
      if (!progress.isEmpty()) {
        PreparedStatement s = insert;
        for (ProgressRow row : progress) {
          s.setString(1, row.transferId());
          s.setLong(2, row.ts());
          s.setLong(3, row.bytes());
          setDouble(s, 4, row.percentage());
          setDouble(s, 5, row.speed());
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void bind(PreparedStatement s, TransferRow row) throws SQLException {
    s.setString(1, row.id());
    s.setString(2, row.run());
    s.setLong(3, row.transferId());
    s.setString(4, row.name());
    s.setString(5, row.operation());
    s.setString(6, row.kind());
    s.setString(7, row.unit());
    s.setLong(8, row.startedAt());
    setLong(s, 9, row.endedAt());
    s.setLong(10, row.updatedAt());
    setLong(s, 11, row.totalBytes());
    s.setLong(12, row.finalBytes());
    s.setString(13, row.status());
    setString(s, 14, row.errorType());
    setString(s, 15, row.errorMessage());
    setString(s, 16, row.parentId());
    s.setString(17, row.attributes());
  }

  private static void setLong(PreparedStatement s, int i, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }

  private static void setDouble(PreparedStatement s, int i, @Nullable Double value)
      throws SQLException {
    if (value == null) {
      s.setNull(i, Types.DOUBLE);
    } else {
      s.setDouble(i, value);
    }
  }

  private static void setString(PreparedStatement s, int i, @Nullable String value)
      throws SQLException {
    if (value == null) {
      s.setNull(i, Types.VARCHAR);
    } else {
      s.setString(i, value);
    }
  }

  /** The open connection, or a new one with the tables in place. */
  private Connection connection() throws SQLException {
    Connection c = connection;
    if (c != null) {
      return c;
    }
    c = open(url, properties);
    try {
      opened++;
      if (isSqlite(url)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout=" + timeout.toMillis());
          // readers (a history query) never wait for the writer, nor it for them
          s.execute("PRAGMA journal_mode=WAL");
          // in WAL mode a commit then appends to the log without waiting for the disk; the
          // database stays consistent after a crash, and a power cut may cost the last batches
          s.execute("PRAGMA synchronous=NORMAL");
        }
      }
      Schema.ensure(c, clock.millis());
      c.setAutoCommit(false);
      int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
      PreparedStatement u = c.prepareStatement(Schema.UPSERT_TRANSFER);
      PreparedStatement p = c.prepareStatement(Schema.INSERT_PROGRESS);
      u.setQueryTimeout(seconds);
      p.setQueryTimeout(seconds);
      upsert = u;
      insert = p;
      connection = c;
      return c;
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Connects through the first driver that takes {@code url}, looked up with this class's loader
   * first: under the agent, this sink and its drivers are in an extension jar that {@link
   * DriverManager} (which looks with the application's loader) does not see.
   */
  static Connection open(String url, Properties properties) throws SQLException {
    for (Driver driver : ServiceLoader.load(Driver.class, Database.class.getClassLoader())) {
      if (driver.acceptsURL(url)) {
        Connection c = driver.connect(url, properties);
        if (c != null) {
          return c;
        }
      }
    }
    return DriverManager.getConnection(url, properties);
  }

  /** How many connections were opened so far; for tests. */
  int opened() {
    return opened;
  }

  static boolean isSqlite(String url) {
    return url.startsWith("jdbc:sqlite:");
  }

  static boolean isPostgres(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  /** Drops the connection, if any; never throws. */
  @Override
  public void close() {
    Connection c = connection;
    connection = null;
    upsert = null;
    insert = null;
    if (c != null) {
      try {
        c.close(); // closes its statements too
      } catch (SQLException | RuntimeException e) {
        // the connection is broken already: nothing is left to release
      }
    }
  }
}
