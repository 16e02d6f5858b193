// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session bus at an abstract socket, which the JVM cannot reach: the sink calls {@code Notify}
 * through {@code gdbus call}, observed by the test's notification service on the same bus.
 */
final class GdbusNotifierTest {
  private static final Path GDBUS = Path.of("/usr/bin/gdbus");

  @RegisterExtension final DiagnosticLines said = new DiagnosticLines();

  @TempDir Path dir;

  private static ProgressSink sink(String address, SinkContext context) {
    return new DesktopSinkProvider(Map.of("DBUS_SESSION_BUS_ADDRESS", address)::get)
        .create(context);
  }

  @Test
  void variant_quotesEscapesAndSpellsOutNonAscii() {
    assertThat(GdbusNotifier.variant("it's a\\b <caf\u00e9> \uD83D\uDE00\n"))
        .isEqualTo("'it\\'s a\\\\b <caf\\u00e9> \\U0001f600\\u000a'");
  }

  @Test
  void abstractSocketBus_isReachedThroughGdbus() throws Exception {
    SessionBus.require(GDBUS, "gdbus", "libglib2.0-bin");
    try (SessionBus bus = SessionBus.startWithAbstractSocket(dir);
        NotificationService service = NotificationService.start(bus, "body", "body-markup")) {
      ProgressSink sink =
          sink(
              bus.abstractAddress(),
              SinkContext.builder("desktop").option("on", "all").option("timeout", "0s").build());

      for (var event :
          List.of(
              Events.started(1, "caf\u00e9 \u2615 'it''s' <b>"),
              Events.failed(1, "caf\u00e9 \u2615 'it''s' <b>", "Disk quota exceeded"))) {
        sink.onEvent(event);
        sink.flush();
      }
      sink.close();

      List<NotificationService.Call> calls = service.await(2, Duration.ofSeconds(10));
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).summary()).isEqualTo("Download started");
      assertThat(calls.get(1).summary()).isEqualTo("Download failed");
      assertThat(calls.get(1).body())
          .isEqualTo(
              "caf\u00e9 \u2615 'it''s' &lt;b&gt;\n1.0 MiB of 3.0 MiB, failed after 3.0 s\n"
                  + "Disk quota exceeded");
      assertThat(calls.get(1).replacesId()).isEqualTo(calls.get(0).id());
      assertThat(calls.get(1).urgency()).isEqualTo(2);
      assertThat(calls.get(1).hints().get("category").getValue()).isEqualTo("transfer.error");
      assertThat(calls.get(1).expireTimeout()).isZero();
      assertThat(calls.get(1).appIcon()).isEqualTo("dialog-error");
      assertThat(said.lines()).isEmpty();
    }
  }

  @Test
  void abstractSocketWithNoBus_isOneLine() throws Exception {
    SessionBus.require(GDBUS, "gdbus", "libglib2.0-bin");
    ProgressSink sink =
        sink("unix:abstract=/tmp/flowmeter-no-bus-here", SinkContext.builder("desktop").build());

    for (int i = 1; i <= 3; i++) {
      sink.onEvent(Events.completed(i, "a"));
      sink.flush();
    }
    sink.close();

    assertThat(said.lines())
        .singleElement()
        .asString()
        .startsWith(
            "flowmeter: desktop sink: cannot reach the session bus at"
                + " unix:abstract=/tmp/flowmeter-no-bus-here: gdbus failed (status 1): Error"
                + " connecting:")
        .endsWith("; no desktop notifications");
  }
}
