// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.jdbc.JdbcSinkProvider;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code history} sample on a history the {@code jdbc} sink wrote. */
final class HistorySampleTest {
  private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC);

  @TempDir Path dir;
  private String url;

  @BeforeEach
  void writeHistory() throws Exception {
    url = "jdbc:sqlite:" + dir.resolve("transfers.db");
    ProgressSink sink =
        new JdbcSinkProvider().create(SinkContext.builder("jdbc").argument(url).build());
    sink.onEvent(event(1, "backup.tar", Status.STARTING, true, 0, 0));
    sink.onEvent(event(1, "backup.tar", Status.IN_PROGRESS, false, 1000, 4 << 20));
    sink.onEvent(event(1, "backup.tar", Status.COMPLETED, true, 2000, 8 << 20));
    String hostile = "\u001b[2J<img src=x onerror=alert(1)>";
    sink.onEvent(event(2, hostile, Status.STARTING, true, 0, 0));
    sink.onEvent(event(2, hostile, Status.FAILED, true, 500, 1024));
    sink.flush();
    sink.close();
  }

  @Test
  void last_isATable_latestFirst_controlCharactersShownAsQuestionMarks() throws Exception {
    List<String> lines = history("last", "5");

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("id ").contains("started (UTC)", "avg speed", "name");
    assertThat(lines.get(1))
        .contains("2026-11-27 06:00:00", "failed", "1.0 KiB", "8.0 MiB", "0.5 s")
        .endsWith("?<img src=x onerror=alert(1)>")
        .doesNotContain("\u001b");
    assertThat(lines.get(2)).contains("completed", "8.0 MiB", "2.0 s", "4.0 MiB/s", "backup.tar");
  }

  @Test
  void stats_giveDurationSpeedsAndProgressRows() throws Exception {
    assertThat(history("stats", "1"))
        .contains(
            "name           backup.tar",
            "status         completed",
            "duration       2.0 s",
            "bytes          8388608 of 8388608",
            "average speed  4.0 MiB/s",
            "progress rows  1");
    assertThat(history("stats", "99")).containsExactly("no transfer 99");
  }

  @Test
  void failures_sinceATimeAgo_orADate() throws Exception {
    assertThat(history("failures", "3h")).hasSize(2);
    assertThat(history("failures", "2026-11-27").get(1)).endsWith(": failed");
    assertThat(history("failures", "1h")).containsExactly("no transfers");
  }

  @Test
  void valuesAnotherProgramWrote_areShownVisibly_statusKindAndBidiIncluded() throws Exception {
    String hostile = "\u001b[31mx\u202Egpj.exe\u2066\u200F\u061C\ud800\r\n";
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE transfers SET status = ?, kind = ?, name = ?, operation = ?,"
                    + " error_message = ?, attributes = ? WHERE transfer_id = 2")) {
      for (int i = 1; i <= 6; i++) {
        s.setString(i, i == 1 ? "failed" + hostile : hostile);
      }
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    List<String> printed = new ArrayList<>(history("last", "5"));
    printed.addAll(history("failures", "3h"));
    printed.addAll(history("stats", "2"));

    assertThat(printed).isNotEmpty();
    for (String line : printed) {
      for (char c : line.toCharArray()) {
        assertThat(Character.isISOControl(c) || Character.isSurrogate(c)).as(line).isFalse();
        assertThat("\u202E\u2066\u200F\u061C").as(line).doesNotContain(String.valueOf(c));
      }
    }
    assertThat(String.join("\n", printed))
        .contains(
            "failed?x?gpj.exe?", "status         failed?x?gpj.exe?????", "(?x?gpj.exe??????)");
  }

  @Test
  void mistakes_areUsageErrors_andAMissingFileIsNotCreated() {
    assertThatThrownBy(() -> history("last", "x")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> history("failures", "yesterday")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> HistorySample.run(new String[] {"transfers.db"}, System.out, NOW))
        .isInstanceOf(UsageException.class);
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(
            () -> HistorySample.run(new String[] {"jdbc:sqlite:" + missing}, System.out, NOW))
        .hasMessageContaining("no database file at " + missing);
    assertThat(Files.exists(missing)).isFalse();
  }

  private List<String> history(String... query) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String[] args = new String[query.length + 1];
    args[0] = url;
    System.arraycopy(query, 0, args, 1, query.length);
    HistorySample.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8), NOW);
    return List.of(bytes.toString(StandardCharsets.UTF_8).split("\\R"));
  }

  private static ProgressEvent event(
      long id, String name, Status status, boolean lifecycle, long at, long bytes) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("upload")
        .name(name)
        .status(status)
        .lifecycle(lifecycle)
        .bytes(bytes)
        .totalBytes(8 << 20)
        .speed(4 << 20)
        .startTime(T0)
        .time(T0.plusMillis(at))
        .elapsed(Duration.ofMillis(at))
        .error(status == Status.FAILED ? "failed" : null)
        .build();
  }
}
