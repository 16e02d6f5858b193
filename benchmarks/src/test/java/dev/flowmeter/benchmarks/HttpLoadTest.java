// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link HttpLoad} tiny (5 SSE and 2 WebSocket clients, 20 short transfers) against a real
 * server JVM, to prove that it sets up, measures and reports, and that every client got every
 * lifecycle event. It asserts no timing.
 */
final class HttpLoadTest {

  @Test
  void tinyLoad_everyClientGetsEveryTransfersStartAndEnd() throws Exception {
    HttpLoad.Options options =
        HttpLoad.Options.parse(
            "--sse",
            "5",
            "--ws",
            "2",
            "--transfers",
            "20",
            "--parallel",
            "10",
            "--kib",
            "256",
            "--millis",
            "300-800",
            "--server-heap",
            "64m");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    HttpLoadReport report =
        HttpLoad.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(report.lost()).isEmpty();
    for (HttpLoadReport.Clients clients : List.of(report.sse, report.ws)) {
      assertThat(clients.count).as(clients.kind).isEqualTo(clients.kind.equals("SSE") ? 5 : 2);
      assertThat(clients.fewestStarted).as(clients.kind).isEqualTo(20);
      assertThat(clients.fewestCompleted).as(clients.kind).isEqualTo(20);
      assertThat(clients.duplicates + clients.outOfOrder + clients.failed + clients.unexpected)
          .as(clients.kind)
          .isZero();
      assertThat(clients.progressDelays).as(clients.kind).isNotEmpty();
      assertThat(clients.startedDelays).as(clients.kind).hasSize(clients.count * 20);
      assertThat(clients.endDelays).as(clients.kind).hasSize(clients.count * 20);
    }
    assertThat(report.server.samples()).isNotEmpty();
    assertThat(report.server.live())
        .extracting(ServerProcess.Live::finished)
        .startsWith(0)
        .endsWith(20);
    assertThat(report.server.busiestThreads()).hasSize(5);
    assertThat(log.toString(StandardCharsets.UTF_8).lines())
        .as("the server printed nothing of its own (no warning, no stack trace)")
        .allMatch(line -> line.startsWith("HttpLoad: "));

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("5 SSE + 2 WebSocket clients; 20 transfers", "p99", "disconnections: none");
  }

  @Test
  void options_defaultToTheIssuesLoad() {
    HttpLoad.Options options = HttpLoad.Options.parse();

    assertThat(options.sse()).isEqualTo(100);
    assertThat(options.ws()).isEqualTo(20);
    assertThat(options.transfers()).isEqualTo(1000);
    assertThat(options.interval()).isNull();
    assertThat(options.serverJvmOptions()).contains("-Dflowmeter.sinks=http:0");
  }

  @Test
  void options_unknownOrWithoutValue_isRefused() {
    assertThatThrownBy(() -> HttpLoad.Options.parse("--clients", "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--clients");
    assertThatThrownBy(() -> HttpLoad.Options.parse("--sse"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--sse");
  }
}
