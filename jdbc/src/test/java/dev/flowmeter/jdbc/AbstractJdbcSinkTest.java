// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.jdbc.Events.TestClock;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code jdbc} sink's behaviour, run against every database it supports: each subclass gives a
 * fresh database per test, and a way to make it unreachable and reachable again. Events are built
 * by hand with the times a test chooses, and the clock the sink waits by moves only when the test
 * moves it, so nothing here depends on how fast the machine is.
 */
abstract class AbstractJdbcSinkTest {
  final TestClock clock = new TestClock();
  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  String url;

  /** A new, empty database's URL. */
  abstract String newDatabase() throws Exception;

  /** Makes the database of {@link #url} refuse writes (a server stopped, a file locked). */
  abstract void makeUnavailable() throws Exception;

  /** Undoes {@link #makeUnavailable}. */
  abstract void makeAvailable() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(said, true, StandardCharsets.UTF_8));
    url = newDatabase();
  }

  @AfterEach
  void tearDown() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  @Test
  void firstWrite_createsTheTablesAndRecordsTheirVersionOnce() throws Exception {
    JdbcSink first = sink("jdbc", Map.of());
    first.onEvent(new Events(1, "a.bin", 100, 0).started());
    first.flush();
    first.close();
    JdbcSink second = sink("jdbc", Map.of());
    second.onEvent(new Events(1, "b.bin", 100, 0).started());
    second.flush();
    second.close();

    assertThat(longs("SELECT version FROM flowmeter_schema")).containsExactly(1L);
    assertThat(longs("SELECT COUNT(*) FROM transfers")).containsExactly(2L);
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(0L);
    assertThat(said()).isEmpty();
  }

  @Test
  void lifecycle_isOneRowPerTransfer_updatedInPlace() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of());
    Events done = new Events(1, "done.bin", 1000, 0).attributes(Map.of("tenant", "acme"));
    Events broken = new Events(2, "broken.bin", 1000, 10).parent(1);
    Events stopped = new Events(3, "stopped.bin", -1, 20);
    sink.onEvent(done.started());
    sink.onEvent(broken.started());
    sink.onEvent(stopped.started());
    sink.flush();
    assertThat(statuses()).containsExactly("starting", "starting", "starting");

    sink.onEvent(done.progress(500, 400));
    sink.onEvent(done.completed(2000));
    sink.onEvent(broken.failed(1500, 300, "connection reset"));
    sink.onEvent(stopped.cancelled(800, 77));
    sink.flush();
    sink.close();

    try (TransferHistory history = history()) {
      List<TransferRecord> last = history.last(10);
      assertThat(last)
          .extracting(TransferRecord::name)
          .containsExactly("stopped.bin", "broken.bin", "done.bin");
      TransferRecord d = last.get(2);
      String run = sink.run();
      assertThat(d.id()).isEqualTo(run + "-1");
      assertThat(d.status()).isEqualTo("completed");
      assertThat(d.operation()).isEqualTo("copy");
      assertThat(d.kind()).isEqualTo("transfer");
      assertThat(d.startedAt()).isEqualTo(Events.T0);
      assertThat(d.endedAt()).isEqualTo(Events.T0.plusMillis(2000));
      assertThat(d.totalBytes()).isEqualTo(1000);
      assertThat(d.bytes()).isEqualTo(1000);
      assertThat(d.attributes()).isEqualTo("{\"tenant\":\"acme\"}");
      assertThat(d.errorMessage()).isNull();
      TransferRecord b = last.get(1);
      assertThat(b.status()).isEqualTo("failed");
      assertThat(b.bytes()).isEqualTo(300);
      assertThat(b.errorType()).isEqualTo("java.io.IOException");
      assertThat(b.errorMessage()).isEqualTo("connection reset");
      assertThat(b.parentId()).isEqualTo(run + "-1");
      TransferRecord s = last.get(0);
      assertThat(s.status()).isEqualTo("cancelled");
      assertThat(s.totalBytes()).isEqualTo(-1);
      assertThat(s.bytes()).isEqualTo(77);
      assertThat(s.errorMessage()).isEqualTo("cancelled by the user");
    }
    assertThat(longs("SELECT COUNT(*) FROM transfers")).containsExactly(3L);
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(1L);
  }

  @Test
  void progressRows_atMostOnePerTransferPerInterval() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of("interval", "1s"));
    Events one = new Events(1, "one.bin", 100_000, 0);
    Events two = new Events(2, "two.bin", 100_000, 0);
    sink.onEvent(one.started());
    sink.onEvent(two.started());
    for (int at = 100; at <= 5000; at += 100) { // every 100 ms: 50 snapshots each
      sink.onEvent(one.progress(at, at * 10L));
      sink.onEvent(two.progress(at, at * 10L));
      if (at % 700 == 0) {
        sink.flush(); // batches end anywhere: the bound holds across them
      }
    }
    sink.onEvent(one.completed(5050));
    sink.onEvent(two.completed(5050));
    sink.close();

    // 100, 1100, 2100, 3100, 4100 ms: one row a second from the first, for each transfer
    List<Long> ts =
        longs("SELECT ts FROM progress_logs WHERE transfer_id = '" + sink.run() + "-1'");
    assertThat(ts.stream().map(t -> t - Events.T0.toEpochMilli()))
        .containsExactly(100L, 1100L, 2100L, 3100L, 4100L);
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(10L);
  }

  @Test
  void hostileNames_areStoredAsGiven() throws Exception {
    List<String> names =
        List.of(
            "'); DROP TABLE transfers; --",
            "<img src=x onerror=alert(1)>",
            "\u001b[31mred\u001b[0m\r\nnext line\u0007",
            "nul\u0000inside",
            "lone \uD800 surrogate and a pair \uD83D\uDE00",
            "x".repeat(10_240),
            "quote \" and \\ backslash");
    JdbcSink sink = sink("jdbc", Map.of());
    for (int i = 0; i < names.size(); i++) {
      Events e = new Events(i + 1, names.get(i), 10, i).attributes(Map.of("k\"\n", names.get(i)));
      sink.onEvent(e.started());
      sink.onEvent(e.failed(5, 1, names.get(i)));
    }
    sink.close();

    try (TransferHistory history = history()) {
      List<TransferRecord> all = history.last(100);
      assertThat(all).hasSize(names.size());
      for (int i = 0; i < names.size(); i++) {
        TransferRecord r = history.stats(String.valueOf(i + 1)).orElseThrow().transfer();
        String expected = Rows.clean(names.get(i));
        assertThat(r.name()).isEqualTo(expected);
        assertThat(r.errorMessage()).isEqualTo(expected);
        assertThat(r.attributes()).startsWith("{\"k\\\"\\n\":\"");
      }
    }
    assertThat(Rows.clean("nul\u0000inside")).isEqualTo("nul\uFFFDinside");
    assertThat(Rows.clean("lone \uD800 x \uD83D\uDE00")).isEqualTo("lone \uFFFD x \uD83D\uDE00");
    assertThat(longs("SELECT COUNT(*) FROM transfers")).containsExactly((long) names.size());
  }

  @Test
  void twoInstances_writeWithTheirOwnOptions() throws Exception {
    String other = newDatabase();
    SinkContext.Builder a = context("a", url).option("interval", "1s");
    SinkContext.Builder b = context("b", other).option("interval", "2s");
    JdbcSink first = (JdbcSink) new JdbcSinkProvider().create(a.build());
    JdbcSink second = (JdbcSink) new JdbcSinkProvider().create(b.build());
    Events e = new Events(1, "both.bin", 10_000, 0);
    for (JdbcSink sink : List.of(first, second)) {
      sink.onEvent(e.started());
      for (int at = 0; at <= 4000; at += 500) {
        sink.onEvent(e.progress(at, at));
      }
      sink.onEvent(e.completed(4100));
      sink.close();
    }

    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(5L); // 0,1,2,3,4 s
    String mine = url;
    url = other;
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(3L); // 0, 2, 4 s
    assertThat(statuses()).containsExactly("completed");
    url = mine;
    assertThat(first.run()).isNotEqualTo(second.run());
  }

  @Test
  void queries_statsLastAndFailures() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of());
    Events fast = new Events(1, "fast.bin", 4000, 0);
    sink.onEvent(fast.started());
    sink.onEvent(fast.progress(1000, 1000)); // speed 2000 B/s
    sink.onEvent(fast.progress(2000, 3000)); // speed 4000 B/s
    sink.onEvent(fast.completed(2000));
    Events bad = new Events(2, "bad.bin", 4000, 60_000);
    sink.onEvent(bad.started());
    sink.onEvent(bad.failed(500, 10, "disk full"));
    Events later = new Events(3, "later.bin", 4000, 3_600_000);
    sink.onEvent(later.started());
    sink.onEvent(later.failed(100, 0, "refused"));
    sink.close();

    try (TransferHistory history = history()) {
      TransferStats stats = history.stats(sink.run() + "-1").orElseThrow();
      assertThat(stats.duration()).isEqualTo(Duration.ofSeconds(2));
      assertThat(stats.averageSpeed()).isEqualTo(2000.0);
      assertThat(stats.maxSpeed()).isEqualTo(4000.0);
      assertThat(stats.progressRows()).isEqualTo(2);
      assertThat(history.stats("1")).contains(stats);
      assertThat(history.stats("nope")).isEmpty();
      assertThat(history.stats("99999999999999999999")).isEmpty();

      assertThat(history.last(2))
          .extracting(TransferRecord::name)
          .containsExactly("later.bin", "bad.bin");
      assertThat(history.last(0)).isEmpty();

      assertThat(history.failures(Events.T0))
          .extracting(TransferRecord::name)
          .containsExactly("later.bin", "bad.bin");
      assertThat(history.failures(Events.T0, Events.T0.plusSeconds(600)))
          .extracting(TransferRecord::name)
          .containsExactly("bad.bin");
      assertThat(history.failures(Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
    }
  }

  @Test
  void databaseDown_rowsWaitInMemory_andArriveWhenItIsBack() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of("retry", "2s"));
    Events before = new Events(1, "before.bin", 1000, 0);
    sink.onEvent(before.started());
    sink.flush();
    assertThat(statuses()).containsExactly("starting");

    makeUnavailable();
    Events during = new Events(2, "during.bin", 1000, 100);
    sink.onEvent(before.progress(1000, 500));
    sink.onEvent(before.completed(1500));
    sink.onEvent(during.started());
    sink.onEvent(during.progress(1000, 200));
    sink.flush(); // tries, fails, keeps the rows
    int tried = sink.attempts();
    for (int i = 0; i < 5; i++) {
      sink.onEvent(during.progress(2000 + i * 1000, 300 + i));
      sink.flush(); // known down and not yet due: returns without trying
    }
    assertThat(sink.attempts()).isEqualTo(tried);
    assertThat(sink.buffered()).isEqualTo(2 + 7); // two transfer rows, seven progress rows

    makeAvailable();
    clock.advance(Duration.ofSeconds(2));
    sink.flush();
    assertThat(sink.buffered()).isZero();
    sink.onEvent(during.completed(9000));
    sink.close();

    assertThat(statuses()).containsExactly("completed", "completed");
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(7L);
    List<String> lines = said();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("flowmeter: jdbc sink 'jdbc': cannot write to " + JdbcUrls.mask(url))
        .contains("keeping up to 10000 rows in memory");
    assertThat(lines.get(1))
        .isEqualTo(
            "flowmeter: jdbc sink 'jdbc': "
                + JdbcUrls.mask(url)
                + " is reachable again; the 9 rows kept were written");
  }

  /**
   * A server restarted between two batches leaves the sink a dead connection: the next batch
   * replaces it at once, with no outage said, since there was none to see.
   */
  @Test
  void restartBetweenBatches_isReconnectedAtOnce_withoutALine() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of());
    Events e = new Events(1, "across.bin", 1000, 0);
    sink.onEvent(e.started());
    sink.flush();
    makeUnavailable();
    makeAvailable();
    sink.onEvent(e.completed(1000));
    sink.flush();

    assertThat(sink.buffered()).isZero();
    assertThat(statuses()).containsExactly("completed");
    assertThat(said()).isEmpty();
    sink.close();
  }

  @Test
  void tablesOfANewerVersion_areLeftAlone_andSaidOnce() throws Exception {
    try (Connection c = Database.open(url, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE flowmeter_schema (version INTEGER NOT NULL, applied_at BIGINT)");
      s.execute("INSERT INTO flowmeter_schema VALUES (2, 0)");
    }
    JdbcSink sink = sink("jdbc", Map.of());
    sink.onEvent(new Events(1, "a.bin", 10, 0).started());
    sink.flush();
    sink.close();

    assertThat(said().get(0)).contains("its tables are of version 2, newer than this sink's 1");
    assertThat(longs("SELECT COUNT(*) FROM transfers")).containsExactly(0L);
  }

  @Test
  void boundHit_dropsProgressFirst_keepsLifecycle_andSaysSoOnce() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of("buffer", "5", "retry", "1s"));
    makeUnavailable();
    for (int id = 1; id <= 3; id++) {
      Events e = new Events(id, "file" + id, 100_000, 0);
      sink.onEvent(e.started());
      for (int at = 1000; at <= 50_000; at += 1000) {
        sink.onEvent(e.progress(at, at));
      }
      sink.onEvent(e.completed(60_000));
      sink.flush();
    }
    assertThat(sink.buffered()).isEqualTo(5);

    makeAvailable();
    clock.advance(Duration.ofSeconds(1));
    sink.flush();
    sink.close();

    assertThat(statuses()).containsExactly("completed", "completed", "completed");
    assertThat(longs("SELECT COUNT(*) FROM progress_logs")).containsExactly(2L);
    assertThat(said())
        .filteredOn(line -> line.contains("dropped"))
        .singleElement()
        .asString()
        .contains("148 rows dropped (148 progress, 0 transfer rows)")
        .contains("the buffer holds 5 rows (flowmeter.sink.jdbc.buffer)");
  }

  @Test
  void closedWhileDown_saysOnceWhatWasNotWritten() throws Exception {
    JdbcSink sink = sink("jdbc", Map.of());
    makeUnavailable();
    try {
      sink.onEvent(new Events(1, "lost.bin", 10, 0).started());
      sink.flush();
      sink.close();
    } finally {
      makeAvailable();
    }
    assertThat(said()).hasSize(2);
    assertThat(said().get(1))
        .startsWith(
            "flowmeter: jdbc sink 'jdbc': 1 rows not written at exit: " + JdbcUrls.mask(url));
  }

  JdbcSink sink(String name, Map<String, String> options) throws Exception {
    SinkContext.Builder context = context(name, url);
    options.forEach(context::option);
    return (JdbcSink) new JdbcSinkProvider().create(context.build());
  }

  SinkContext.Builder context(String name, String databaseUrl) {
    return SinkContext.builder(name)
        .kind("jdbc")
        .argument(databaseUrl)
        .option("timeout", "250ms")
        .clock(clock);
  }

  TransferHistory history() throws SQLException {
    return TransferHistory.open(url);
  }

  List<String> statuses() throws SQLException {
    List<String> statuses = new ArrayList<>();
    try (Connection c = Database.open(url, new Properties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT status FROM transfers ORDER BY id")) {
      while (rs.next()) {
        statuses.add(rs.getString(1));
      }
    }
    return statuses;
  }

  List<Long> longs(String sql) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (Connection c = Database.open(url, new Properties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values;
  }

  List<String> said() {
    String text = said.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
  }
}
