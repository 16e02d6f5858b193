// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The {@code jdbc:<jdbc-url>} sink: a history of transfers in a database, SQLite by default ({@code
 * jdbc:jdbc:sqlite:transfers.db}, nothing to install) or PostgreSQL ({@code
 * jdbc:jdbc:postgresql://127.0.0.1:5432/app}).
 *
 * <p>Tables, created when missing: {@code transfers}, one row per transfer, inserted when it starts
 * and updated in place at each change of status ({@code id}, {@code run_id}, {@code transfer_id},
 * {@code name}, {@code operation}, {@code kind}, {@code unit}, {@code started_at}, {@code
 * ended_at}, {@code updated_at}, {@code total_bytes}, {@code final_bytes}, {@code status}, {@code
 * error_type}, {@code error_message}, {@code parent_id}, {@code attributes} as a JSON object);
 * {@code progress_logs}, at most one row per transfer per {@code interval} ({@code transfer_id},
 * {@code ts}, {@code bytes}, {@code percentage}, {@code speed_bps}); and {@code flowmeter_schema},
 * the version of these tables. Times are epoch milliseconds. A transfer's {@code id} is the sink's
 * run (unique per sink instance and JVM) and the transfer's number in that JVM, as {@code
 * mhz1k2ab7q-12}, since several programs and runs share one database. {@link TransferHistory} reads
 * the tables back.
 *
 * <p>Rows are written in one transaction per batch of events, on the sink's own thread, through
 * prepared statements only. While the database is down, locked or slow, rows wait in memory (at
 * most {@code buffer} of them; progress rows are dropped first, lifecycle rows last, and one line
 * says how many) and the write is tried again after a wait that doubles up to {@code retry}; the
 * outage and the recovery are each said once. SQLite runs in WAL mode, so that a history query
 * never waits for the writer.
 *
 * <p>Options, {@code flowmeter.sink.jdbc.<key>}: {@code interval} (1 s), {@code user}, {@code
 * password-env} (the name of an environment variable holding the password) or {@code password-file}
 * (a file holding it; the password itself is never read from a setting, which would show in the
 * command line), {@code buffer} (10000 rows), {@code retry} (30 s, the longest wait between two
 * attempts) and {@code timeout} (5 s, the longest one connection attempt or statement may take;
 * SQLite's busy timeout).
 */
@AutoService(SinkProvider.class)
public final class JdbcSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcSinkProvider() {}

  /** Returns {@code jdbc}. */
  @Override
  public String name() {
    return "jdbc";
  }

  /** Returns {@code jdbc:<jdbc-url>}. */
  @Override
  public String usage() {
    return "jdbc:<jdbc-url>";
  }

  /** One second between progress rows of a transfer. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** The options this sink reads. */
  @Override
  public Set<String> options() {
    return Set.of(
        "interval", "user", "password-env", "password-file", "buffer", "retry", "timeout");
  }

  /**
   * Makes the sink; it connects at its first write, so a database that is down at start delays
   * nothing, and its rows wait as they would in any outage.
   *
   * @throws ConfigException when the URL is missing, is not a JDBC URL or no driver takes it, or
   *     the password's variable or file is missing
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    String url = context.requireArgument(usage()).strip();
    String spec = (context.name().equals(context.kind()) ? "" : context.name() + "=") + "jdbc:";
    if (!url.startsWith("jdbc:")) {
      throw new ConfigException(
          "flowmeter.sinks",
          spec + JdbcUrls.mask(url),
          "is not a JDBC URL (accepted: "
              + usage()
              + ", for example jdbc:jdbc:sqlite:transfers.db)");
    }
    if (!hasDriver(url)) {
      throw new ConfigException(
          "flowmeter.sinks",
          spec + JdbcUrls.mask(url),
          "no JDBC driver takes this URL (bundled: jdbc:sqlite:<file>, jdbc:postgresql://...)");
    }
    Duration interval = context.durationOption("interval", defaultInterval());
    Duration timeout =
        context.durationOption(
            "timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10));
    Duration retry =
        context.durationOption(
            "retry", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1));
    int buffer = (int) context.longOption("buffer", 10_000, 1, 10_000_000);
    String user = context.option("user").orElse(null);
    Database database = new Database(url, user, password(context), timeout, context.clock());
    String run =
        Long.toString(context.clock().millis(), 36)
            + Integer.toString(36 * 36 + ThreadLocalRandom.current().nextInt(36 * 36 * 35), 36)
                .substring(1);
    return new JdbcSink(
        context.name(),
        JdbcUrls.mask(url),
        run,
        database,
        buffer,
        interval,
        retry,
        context.clock());
  }

  private static @Nullable String password(SinkContext context) {
    String variable = context.option("password-env").map(String::strip).orElse(null);
    String file = context.option("password-file").map(String::strip).orElse(null);
    if (variable != null && file != null) {
      throw new ConfigException(
          context.key("password-file"), file, "set either password-env or password-file, not both");
    }
    if (variable != null) {
      String password = System.getenv(variable);
      if (password == null) {
        throw new ConfigException(
            context.key("password-env"), variable, "no such environment variable is set");
      }
      return password;
    }
    if (file != null) {
      try {
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return text.endsWith("\r\n")
            ? text.substring(0, text.length() - 2)
            : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            context.key("password-file"), file, "cannot be read (" + Diagnostics.describe(e) + ")");
      }
    }
    return null;
  }

  private static boolean hasDriver(String url) {
    try {
      for (Driver driver : ServiceLoader.load(Driver.class, JdbcSink.class.getClassLoader())) {
        if (driver.acceptsURL(url)) {
          return true;
        }
      }
      return DriverManager.getDriver(url) != null;
    } catch (SQLException | RuntimeException | ServiceConfigurationError e) {
      return false;
    }
  }
}
