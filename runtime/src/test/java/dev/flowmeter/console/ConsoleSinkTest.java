// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.lifecycle;
import static dev.flowmeter.console.ConsoleFixture.progress;
import static dev.flowmeter.console.ConsoleFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code bar} style on a terminal. */
final class ConsoleSinkTest {
  private static final long MIB = 1024 * 1024;

  private ConsoleFixture console = bars(Map.of());

  private static ConsoleFixture bars(Map<String, String> options) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("ascii", "false", "width", "100"));
    all.putAll(options);
    return new ConsoleFixture(true, all);
  }

  @AfterEach
  void close() throws IOException {
    console.close();
  }

  @Test
  void bar_oneTransfer_showsLabelBarPercentageAmountsSpeedAndEta() {
    console.deliver(started(1, "report.pdf", 16 * MIB));
    console.deliver(progress(1, "report.pdf", 6 * MIB, 16 * MIB, 3000));

    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(1);
    assertThat(screen.get(0))
        .matches("report\\.pdf +│███████.*")
        .contains("37%", "6.0/16.0 MiB", "2.0 MiB/s", "3.0 s", "ETA 5.0 s");
  }

  @Test
  void bar_partialCell_isAnEighthBlock() throws IOException {
    console.close();
    console = bars(Map.of("width", "80"));
    // width 80 leaves the bar a known number of cells; pick a fraction that ends mid-cell
    console.deliver(progress(1, "a.bin", 1000, 3000, 1000));
    String line = TerminalScreen.render(console.text()).get(0);
    String inner = line.substring(line.indexOf('│') + 1, line.lastIndexOf('│'));
    long eighths = (long) Math.floor(inner.length() * 8 / 3.0);
    assertThat(eighths % 8).isNotZero();
    assertThat(inner.stripTrailing())
        .isEqualTo(
            "█".repeat((int) (eighths / 8)) + BarRenderer.EIGHTHS.charAt((int) (eighths % 8)));
  }

  @Test
  void bar_ascii_usesOnlyAsciiCharacters() throws IOException {
    console.close();
    console = bars(Map.of("ascii", "true"));
    console.deliver(progress(1, "a.bin", 50, 100, 1000));
    String text = console.text();
    assertThat(text.chars().allMatch(c -> c < 0x80)).isTrue();
    assertThat(TerminalScreen.render(text).get(0)).contains("[=====", ">", "]  50%");
  }

  @Test
  void bar_unknownTotal_showsBytesAndSpeedWithoutPercentage() {
    console.deliver(started(1, "stream.log", -1));
    console.deliver(progress(1, "stream.log", 3 * MIB, -1, 1500));
    String line = TerminalScreen.render(console.text()).get(0);
    assertThat(line).contains("3.0 MiB", "2.0 MiB/s", "███").doesNotContain("%", "ETA");
  }

  @Test
  void bar_severalTransfers_redrawInPlaceWithOneWritePerFrame() {
    console.deliver(
        started(1, "one.bin", 100 * MIB), started(2, "two.bin", 100 * MIB), started(3, "u", -1));
    int before = console.writes();
    console.deliver(
        progress(1, "one.bin", 10 * MIB, 100 * MIB, 1000),
        progress(2, "two.bin", 20 * MIB, 100 * MIB, 1000),
        progress(3, "u", 5 * MIB, -1, 1000));

    assertThat(console.writes() - before).isEqualTo(1);
    String text = console.text();
    assertThat(text).contains("\r\u001b[3A");
    String lastFrame = text.substring(text.lastIndexOf("\u001b[3A"));
    assertThat(lastFrame.split("\u001b\\[K\n", -1)).hasSize(4);
    List<String> screen = TerminalScreen.render(text);
    assertThat(screen).hasSize(3);
    assertThat(screen.get(0)).startsWith("one.bin").contains("10%");
    assertThat(screen.get(1)).startsWith("two.bin").contains("20%");
    assertThat(screen.get(2)).startsWith("u").contains("5.0 MiB");
  }

  @Test
  void bar_progress_isRedrawnAtMostEvery100MillisOfEventTime() {
    console.deliver(progress(1, "a.bin", 10, 1000, 1000));
    int afterFirst = console.writes();
    console.deliver(progress(1, "a.bin", 20, 1000, 1050));
    assertThat(console.writes()).isEqualTo(afterFirst);
    console.deliver(progress(1, "a.bin", 30, 1000, 1100));
    assertThat(console.writes()).isEqualTo(afterFirst + 1);
    assertThat(TerminalScreen.render(console.text()).get(0)).contains(" 3%");
    // a lifecycle event is drawn at once
    console.deliver(lifecycle(1, "a.bin", Status.SAVING, 1000, 1000, 1110));
    assertThat(console.writes()).isEqualTo(afterFirst + 2);
  }

  @Test
  void bar_pendingTransfer_isNotDrawn() {
    console.deliver(
        ProgressEvent.builder()
            .transferId(7)
            .name("queued.bin")
            .status(Status.PENDING)
            .lifecycle(true)
            .build());
    assertThat(console.text()).isEmpty();
  }

  @Test
  void bar_completed_leavesASummaryLineAboveTheOthers() {
    console.deliver(started(1, "report.pdf", 15_938_355), started(2, "other.bin", 100));
    console.deliver(
        lifecycle(1, "report.pdf", Status.COMPLETED, 15_938_355, 15_938_355, 7200).toBuilder()
            .averageSpeed(2.1 * MIB)
            .build());
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen)
        .containsExactly(
            "report.pdf completed in 7.2 s, average 2.1 MiB/s (15.2 MiB)", screen.get(1));
    assertThat(screen.get(1)).startsWith("other.bin");
  }

  @Test
  void bar_failedAndCancelled_printTheirSummaryWithTheMessage() {
    console.deliver(started(1, "a.zip", 100), started(2, "b.zip", 100));
    console.deliver(
        lifecycle(1, "a.zip", Status.FAILED, 40, 100, 3000).toBuilder()
            .error("Connection reset")
            .build(),
        lifecycle(2, "b.zip", Status.CANCELLED, 10, 100, 1500).toBuilder()
            .error("JVM shutting down")
            .build());
    assertThat(TerminalScreen.render(console.text()))
        .containsExactly(
            "a.zip failed after 3.0 s: Connection reset",
            "b.zip cancelled after 1.5 s: JVM shutting down");
  }

  @Test
  void bar_hostileName_neverReachesTheTerminalRaw() {
    String evil = "evil\u001b[31mred\u001b]0;title\u0007\r\nx";
    console.deliver(started(1, evil, 100), progress(1, evil, 10, 100, 500));
    console.deliver(
        lifecycle(1, evil, Status.FAILED, 10, 100, 600).toBuilder()
            .error("bad\u001b[2Jthing\n")
            .build());
    String text = console.text();
    // everything the sink writes itself is CSI n A, K, J, m or ?25l/h; the name brings nothing else
    String withoutOwnSequences = text.replaceAll("\u001b\\[(\\d*[AKJm]|\\?25[lh])", "");
    assertThat(withoutOwnSequences).doesNotContain("\u001b", "\u0007");
    List<String> screen = TerminalScreen.render(text);
    assertThat(screen).containsExactly("evil?red???x failed after 0.6 s: bad?thing?");
    int start = text.indexOf("evil");
    String namePart = text.substring(start, text.indexOf('x', start) + 1);
    assertThat(namePart).doesNotContain("\u001b", "\r", "\n", "\u0007");
  }

  @Test
  void bar_chars_areCountedInTheirOwnUnit() {
    console.deliver(
        progress(1, "book.txt", 1234, 5000, 1000).toBuilder()
            .unit(dev.flowmeter.Unit.CHARS)
            .build());
    assertThat(TerminalScreen.render(console.text()).get(0))
        .contains("1,234/5,000 chars", "chars/s");
  }
}
