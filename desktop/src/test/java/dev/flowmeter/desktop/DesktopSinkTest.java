// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class DesktopSinkTest {
  private static final Set<Status> DEFAULT = EnumSet.of(Status.COMPLETED, Status.FAILED);

  @RegisterExtension final DiagnosticLines said = new DiagnosticLines();
  private final FakeNotifier notifier = new FakeNotifier();

  private DesktopSink sink(Set<Status> on, Duration minDuration) {
    return new DesktopSink("desktop", notifier, on, minDuration);
  }

  private static void deliver(DesktopSink sink, ProgressEvent... batch) {
    for (ProgressEvent e : batch) {
      sink.onEvent(e);
    }
    sink.flush();
  }

  @Test
  void byDefault_completedAndFailedAreShown_startedAndProgressAreNot() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);

    deliver(sink, Events.started(1, "a.iso"));
    deliver(sink, Events.base(1, "a.iso", Status.IN_PROGRESS).lifecycle(false).build());
    deliver(sink, Events.completed(1, "a.iso"));
    deliver(sink, Events.failed(2, "b.iso", "No space left on device"));

    assertThat(notifier.shown)
        .extracting(s -> s.notification().summary())
        .containsExactly("Download finished", "Download failed");
    assertThat(notifier.shown.get(1).notification().lines()).contains("No space left on device");
    assertThat(notifier.opened).isEqualTo(1);
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void stagesAndFilesOfAGroup_areToldThroughTheirParentOnly() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);

    deliver(sink, Events.base(2, "part 1", Status.COMPLETED).parentId(1).build());
    deliver(sink, Events.completed(1, "release"));

    assertThat(notifier.shown)
        .singleElement()
        .extracting(s -> s.notification().transferId())
        .isEqualTo(1L);
  }

  @Test
  void withStarted_theEndReplacesTheStartsNotification() {
    DesktopSink sink = sink(EnumSet.of(Status.STARTING, Status.COMPLETED), Duration.ZERO);

    deliver(sink, Events.started(1, "a.iso"));
    deliver(sink, Events.completed(1, "a.iso"));

    assertThat(notifier.shown).extracting(FakeNotifier.Shown::replaces).containsExactly(0L, 1L);
  }

  @Test
  void minDuration_skipsQuickCompletions_butNeverAFailure() {
    DesktopSink sink = sink(DEFAULT, Duration.ofSeconds(10));

    deliver(sink, Events.completed(1, "quick")); // took 3 s
    deliver(sink, Events.failed(2, "quick too", "boom"));
    deliver(sink, Events.base(3, "slow", Status.COMPLETED).elapsed(Duration.ofMinutes(1)).build());

    assertThat(notifier.shown)
        .extracting(s -> s.notification().lines().get(0))
        .containsExactly("quick too", "slow");
  }

  @Test
  void aBurstOfEnds_isOneDigest() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);

    deliver(
        sink,
        Events.completed(1, "a"),
        Events.completed(2, "b"),
        Events.completed(3, "c"),
        Events.failed(4, "d", "boom"));

    assertThat(notifier.shown)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.notification().summary())
                  .isEqualTo("4 transfers ended: 3 finished, 1 failed");
              assertThat(s.notification().isFailure()).isTrue();
            });
  }

  @Test
  void threeEndsTogether_areThreeNotifications() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);

    deliver(sink, Events.completed(1, "a"), Events.completed(2, "b"), Events.completed(3, "c"));

    assertThat(notifier.shown).hasSize(3);
  }

  @Test
  void unavailable_isOneLine_thenSilent() {
    notifier.openFailure = new Notifier.Unavailable("no desktop session bus here");
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);

    for (int i = 1; i <= 5; i++) {
      deliver(sink, Events.started(i, "f" + i), Events.completed(i, "f" + i));
    }
    sink.close();

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink: no desktop session bus here; no desktop notifications");
    assertThat(notifier.opened).isEqualTo(1);
    assertThat(notifier.shown).isEmpty();
  }

  @Test
  void notifierGoneLater_isOneLine_thenSilent() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);
    deliver(sink, Events.completed(1, "a"));
    notifier.showFailure = new Notifier.Unavailable("the session bus at unix:path=/x went away");

    deliver(sink, Events.completed(2, "b"));
    notifier.showFailure = null;
    deliver(sink, Events.completed(3, "c"));

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink: the session bus at unix:path=/x went away;"
                + " no desktop notifications");
    assertThat(notifier.shown).hasSize(1);
  }

  @Test
  void aFailedNotification_isSaidOnce_theNextOnesAreTried_andRecoverySaid() {
    DesktopSink sink = new DesktopSink("alerts", notifier, DEFAULT, Duration.ZERO);
    notifier.showFailure = new IOException("Notify failed: ServiceUnknown");

    deliver(sink, Events.completed(1, "a"));
    deliver(sink, Events.completed(2, "b"));
    notifier.showFailure = null;
    deliver(sink, Events.completed(3, "c"));

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink 'alerts': a notification could not be shown: Notify failed:"
                + " ServiceUnknown (it goes on trying)",
            "flowmeter: desktop sink 'alerts': notifications are shown again");
    assertThat(notifier.shown).hasSize(1);
  }

  @Test
  void aNotifierThatThrows_neverEscapesTheSink() {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);
    Notifier throwing =
        (n, replaces) -> {
          throw new IllegalStateException("library bug");
        };
    DesktopSink guarded = new DesktopSink("desktop", throwing, DEFAULT, Duration.ZERO);

    deliver(guarded, Events.completed(1, "a"));
    deliver(sink, Events.completed(1, "a"));

    assertThat(said.lines())
        .singleElement()
        .asString()
        .contains("IllegalStateException: library bug");
  }

  @Test
  void close_closesTheNotifier() throws IOException {
    DesktopSink sink = sink(DEFAULT, Duration.ZERO);
    deliver(sink, Events.completed(1, "a"));

    sink.close();

    assertThat(notifier.closed).isEqualTo(1);
  }

  @Test
  void onOption_wordsAndAll() {
    assertThat(DesktopSinkProvider.on(SinkContext.builder("desktop").build())).isEqualTo(DEFAULT);
    assertThat(
            DesktopSinkProvider.on(
                SinkContext.builder("desktop").option("on", " Started, cancelled").build()))
        .containsExactlyInAnyOrder(Status.STARTING, Status.CANCELLED);
    assertThat(DesktopSinkProvider.on(SinkContext.builder("desktop").option("on", "all").build()))
        .hasSize(4);
  }

  @Test
  void onOption_aWrongWord_namesKeyValueAndWhatIsAccepted() {
    SinkContext context = SinkContext.builder("desktop").option("on", "completed,finished").build();

    assertThatThrownBy(() -> new DesktopSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.desktop.on")
        .hasMessageContaining("completed,finished")
        .hasMessageContaining("started, completed, failed, cancelled, all");
  }

  @Test
  void anArgument_isAMistakeNamingTheSpec() {
    SinkContext context = SinkContext.builder("desktop").argument("x").build();

    assertThatThrownBy(() -> new DesktopSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("desktop:x")
        .hasMessageContaining("takes no argument");
  }
}
