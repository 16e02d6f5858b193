// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink against a real D-Bus: a private session bus ({@code dbus-daemon}) with a notification
 * service of the test's own that records each {@code Notify} call as it came over the bus.
 */
final class DbusNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final DiagnosticLines said = new DiagnosticLines();

  private static ProgressSink sink(@Nullable String address, SinkContext context) {
    Map<String, String> env =
        address == null ? Map.of() : Map.of("DBUS_SESSION_BUS_ADDRESS", address);
    return new DesktopSinkProvider(env::get).create(context);
  }

  private static ProgressSink sink(SessionBus bus) {
    return sink(bus.address(), SinkContext.builder("desktop").build());
  }

  private static void deliver(ProgressSink sink, ProgressEvent... batch) throws IOException {
    for (ProgressEvent e : batch) {
      sink.onEvent(e);
    }
    sink.flush();
  }

  @Test
  void completed_isANotifyCallWithAppNameSummaryAndBody() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body", "body-markup")) {
      ProgressSink sink =
          sink(
              bus.address(),
              SinkContext.builder("desktop")
                  .option("app-name", "Nightly backup")
                  .option("timeout", "8s")
                  .build());

      deliver(sink, Events.completed(1, "backup.tar"));
      sink.close();

      assertThat(service.await(1, WAIT))
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.appName()).isEqualTo("Nightly backup");
                assertThat(call.summary()).isEqualTo("Download finished");
                assertThat(call.body()).isEqualTo("backup.tar\n3.0 MiB in 3.0 s (1.0 MiB/s)");
                assertThat(call.appIcon()).isEqualTo("dialog-information");
                assertThat(call.urgency()).isEqualTo(1);
                assertThat(call.hints().get("category").getValue()).isEqualTo("transfer.complete");
                assertThat(call.expireTimeout()).isEqualTo(8000);
                assertThat(call.replacesId()).isZero();
              });
      assertThat(said.lines()).isEmpty();
    }
  }

  @Test
  void failed_givesTheErrorText_urgent() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      ProgressSink sink = sink(bus);

      deliver(sink, Events.failed(1, "backup.tar", "java.net.SocketException: Connection reset"));
      sink.close();

      assertThat(service.await(1, WAIT))
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.summary()).isEqualTo("Download failed");
                assertThat(call.body())
                    .isEqualTo(
                        "backup.tar\n1.0 MiB of 3.0 MiB, failed after 3.0 s\n"
                            + "java.net.SocketException: Connection reset");
                assertThat(call.urgency()).isEqualTo(2);
                assertThat(call.appIcon()).isEqualTo("dialog-error");
                assertThat(call.hints().get("category").getValue()).isEqualTo("transfer.error");
                assertThat(call.expireTimeout()).isEqualTo(-1);
                assertThat(call.appName()).isEqualTo("Flowmeter");
              });
    }
  }

  @Test
  void hostileNames_areEscapedForAMarkupServer_andKeepTheConnection() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body", "body-markup")) {
      ProgressSink sink = sink(bus);

      deliver(sink, Events.completed(1, "<img src=x onerror=alert(1)> & <b>bold</b>"));
      deliver(sink, Events.completed(2, "bad\uD800half\u001b]0;title\u0007\nnext"));
      deliver(sink, Events.completed(3, "x".repeat(10_000)));
      deliver(sink, Events.completed(4, "plain.txt"));
      sink.close();

      List<NotificationService.Call> calls = service.await(4, WAIT);
      assertThat(calls)
          .extracting(c -> c.body().lines().findFirst().orElseThrow())
          .containsExactly(
              "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;",
              "bad?half??next",
              "x".repeat(80) + "\u2026" + "x".repeat(39),
              "plain.txt");
      assertThat(said.lines()).isEmpty();
    }
  }

  @Test
  void serverWithoutMarkup_getsThePlainText() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      ProgressSink sink = sink(bus);

      deliver(sink, Events.completed(1, "<b>a & b</b>"));
      sink.close();

      assertThat(service.await(1, WAIT))
          .singleElement()
          .extracting(c -> c.body())
          .asString()
          .startsWith("<b>a & b</b>\n");
    }
  }

  @Test
  void started_isReplacedByTheEnd() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      ProgressSink sink =
          sink(bus.address(), SinkContext.builder("desktop").option("on", "all").build());

      deliver(sink, Events.started(1, "a.iso"));
      deliver(sink, Events.completed(1, "a.iso"));
      sink.close();

      List<NotificationService.Call> calls = service.await(2, WAIT);
      assertThat(calls)
          .extracting(NotificationService.Call::summary)
          .containsExactly("Download started", "Download finished");
      assertThat(calls.get(1).replacesId()).isEqualTo(calls.get(0).id());
    }
  }

  @Test
  void twoInstances_eachWithItsOwnOptions() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      ProgressSink backups =
          sink(
              bus.address(),
              SinkContext.builder("backups").kind("desktop").option("app-name", "Backups").build());
      ProgressSink errors =
          sink(
              bus.address(),
              SinkContext.builder("errors")
                  .kind("desktop")
                  .option("app-name", "Errors")
                  .option("on", "failed")
                  .build());

      for (ProgressSink sink : List.of(backups, errors)) {
        deliver(sink, Events.completed(1, "a"));
        deliver(sink, Events.failed(2, "b", "boom"));
        sink.close();
      }

      assertThat(service.await(3, WAIT))
          .extracting(c -> c.appName() + ": " + c.summary())
          .containsExactly(
              "Backups: Download finished", "Backups: Download failed", "Errors: Download failed");
    }
  }

  @Test
  void noBusAddress_isOneInfoLine_andNothingElse() throws Exception {
    ProgressSink sink = sink(null, SinkContext.builder("desktop").build());

    for (int i = 1; i <= 3; i++) {
      deliver(sink, Events.started(i, "f"), Events.completed(i, "f"), Events.failed(i, "g", "x"));
    }
    sink.close();

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink: no desktop session bus here (DBUS_SESSION_BUS_ADDRESS is not"
                + " set); no desktop notifications");
  }

  @Test
  void busThatIsNotThere_isOneLineNamingIt() throws Exception {
    ProgressSink sink = sink("unix:path=/nonexistent/bus", SinkContext.builder("desktop").build());

    deliver(sink, Events.completed(1, "a"));
    deliver(sink, Events.completed(2, "b"));
    sink.close();

    assertThat(said.lines())
        .singleElement()
        .asString()
        .startsWith(
            "flowmeter: desktop sink: cannot reach the session bus at unix:path=/nonexistent/bus")
        .endsWith("; no desktop notifications");
  }

  @Test
  void addressWithNoSocket_isOneLineSayingWhy() throws Exception {
    ProgressSink sink = sink("tcp:host=localhost,port=1", SinkContext.builder("desktop").build());

    deliver(sink, Events.completed(1, "a"));
    sink.close();

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink: the session bus address 'tcp:host=localhost,port=1' names no"
                + " socket file (unix:path=...) nor an abstract socket: nothing this sink can reach;"
                + " no desktop notifications");
  }

  @Test
  void noNotificationService_isOneLine_andTheNextOnesAreTried() throws Exception {
    try (SessionBus bus = SessionBus.start()) {
      ProgressSink sink = sink(bus);
      deliver(sink, Events.completed(1, "a"));
      deliver(sink, Events.completed(2, "b"));

      try (NotificationService service = NotificationService.start(bus, "body")) {
        deliver(sink, Events.completed(3, "c"));
        sink.close();

        assertThat(service.await(1, WAIT))
            .extracting(c -> c.body().lines().findFirst().get())
            .containsExactly("c");
      }
      assertThat(said.lines()).hasSize(2);
      assertThat(said.lines().get(0))
          .startsWith("flowmeter: desktop sink: a notification could not be shown: Notify failed:")
          .contains("org.freedesktop.Notifications")
          .endsWith("(it goes on trying)");
      assertThat(said.lines().get(1))
          .isEqualTo("flowmeter: desktop sink: notifications are shown again");
    }
  }

  @Test
  void busThatGoesAway_isOneLine_thenSilent() throws Exception {
    ProgressSink sink;
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      sink = sink(bus);
      deliver(sink, Events.completed(1, "a"));
      assertThat(service.await(1, WAIT)).hasSize(1);
    }

    for (int i = 2; i <= 4; i++) {
      deliver(sink, Events.completed(i, "after"));
    }
    sink.close();

    assertThat(said.lines())
        .singleElement()
        .asString()
        .startsWith("flowmeter: desktop sink: the session bus at unix:path=")
        .contains("went away")
        .endsWith("; no desktop notifications");
  }

  /**
   * A bus that takes the connection and reads everything, and never says a word: the sink gives up
   * on it within its timeout, says so once naming the bus, and the notifications after it are not
   * each held up for the timeout.
   */
  @Test
  @Timeout(60)
  void busThatNeverAnswers_isOneLineNamingItAndTheTimeout() throws Exception {
    try (SilentBus bus = SilentBus.start()) {
      ProgressSink sink = sink(bus.address(), SinkContext.builder("desktop").build());

      for (int i = 1; i <= 5; i++) {
        deliver(sink, Events.completed(i, "file-" + i));
      }
      int tries = bus.connections(); // the library's own, one per way to log in
      deliver(sink, Events.completed(6, "later"));
      sink.close();

      assertThat(said.lines())
          .containsExactly(
              "flowmeter: desktop sink: the session bus at "
                  + bus.address()
                  + " did not answer in 2 s; no desktop notifications");
      assertThat(bus.connections()).as("tried again after giving up").isEqualTo(tries);
    }
  }

  /**
   * A notification service that takes the call and never answers: one line naming the bus and the
   * timeout; the notifications after it are not sent to the hung service, each waiting its turn,
   * but counted, and the count said at exit.
   */
  @Test
  @Timeout(60)
  void serviceThatNeverAnswers_isOneLine_theNextOnesAreCountedNotQueued() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      service.hang();
      ProgressSink sink = sink(bus);

      for (int i = 1; i <= 5; i++) {
        deliver(sink, Events.completed(i, "file-" + i));
      }
      sink.close();

      assertThat(service.calls()).hasSize(1);
      assertThat(said.lines())
          .containsExactly(
              "flowmeter: desktop sink: the session bus at "
                  + bus.address().replaceFirst(",guid=[0-9a-f]+$", "")
                  + " did not answer Notify in 2 s; notifications are not shown for 1m 00s, then"
                  + " tried again",
              "flowmeter: desktop sink: 5 notifications were not shown, the notifier not"
                  + " answering");
    }
  }

  /** After a spell without answers, the first notification shown again says how many were not. */
  @Test
  @Timeout(60)
  void serviceThatAnswersAgain_isSaidWithTheCountMeanwhile() throws Exception {
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body")) {
      service.hang();
      ProgressSink sink =
          new DesktopSink(
              "desktop",
              new DbusNotifier(
                  "Flowmeter", -1, Map.of("DBUS_SESSION_BUS_ADDRESS", bus.address())::get),
              Set.of(Status.COMPLETED),
              Duration.ZERO,
              Duration.ZERO); // tried again at once
      deliver(sink, Events.completed(1, "one"));
      service.answer();
      deliver(sink, Events.completed(2, "two"));
      sink.close();

      assertThat(said.lines()).hasSize(2);
      assertThat(said.lines().get(1))
          .isEqualTo(
              "flowmeter: desktop sink: notifications are shown again (1 not shown meanwhile)");
    }
  }
}
