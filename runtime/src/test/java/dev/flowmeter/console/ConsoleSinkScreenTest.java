// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.lifecycle;
import static dev.flowmeter.console.ConsoleFixture.progress;
import static dev.flowmeter.console.ConsoleFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code bar} style as a screen, not a scroll: the height bound, which transfers are shown,
 * colour, short names and lines that fit the width (issue 8).
 */
final class ConsoleSinkScreenTest {
  private static final long MIB = 1024 * 1024;
  private static final Pattern UP = Pattern.compile("\u001b\\[(\\d+)A");

  private ConsoleFixture console;

  @AfterEach
  void close() throws IOException {
    if (console != null) {
      console.close();
    }
  }

  /** The most live lines any frame drew: each frame moves the cursor up over the last one's. */
  private static int mostLiveLines(String text, List<String> screen, int stay) {
    int most = screen.size() - stay;
    Matcher m = UP.matcher(text);
    while (m.find()) {
      most = Math.max(most, Integer.parseInt(m.group(1)));
    }
    return most;
  }

  private static String name(long id) {
    return "file-" + id + ".bin";
  }

  /** A snapshot of every transfer in {@code ids} at {@code millis}, with {@code bytes} moved. */
  private static ProgressEvent[] snapshots(long bytes, long millis, long... ids) {
    ProgressEvent[] events = new ProgressEvent[ids.length];
    for (int i = 0; i < ids.length; i++) {
      events[i] = progress(ids[i], name(ids[i]), bytes, 100 * MIB, millis);
    }
    return events;
  }

  @Test
  void moreTransfersThanRows_drawWhatFitsAndOneLineCountingTheRest() {
    console = new ConsoleFixture(100, 15, false); // 14 live rows: the cursor rests on the 15th
    List<ProgressEvent> starts = new ArrayList<>();
    long[] ids = new long[25];
    for (int i = 0; i < 25; i++) {
      ids[i] = i + 1;
      starts.add(started(i + 1, name(i + 1), 100 * MIB));
    }
    console.deliver(starts.toArray(new ProgressEvent[0]));
    console.deliver(snapshots(MIB, 1000, ids));

    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(14);
    assertThat(screen.subList(0, 13)).allSatisfy(line -> assertThat(line).startsWith("file-"));
    assertThat(screen.get(13)).isEqualTo("… and 12 more running");

    console.deliver(
        lifecycle(1, name(1), Status.COMPLETED, 100 * MIB, 100 * MIB, 1500),
        lifecycle(2, name(2), Status.COMPLETED, 100 * MIB, 100 * MIB, 1500),
        lifecycle(3, name(3), Status.COMPLETED, 100 * MIB, 100 * MIB, 1500),
        lifecycle(4, name(4), Status.FAILED, MIB, 100 * MIB, 1500).toBuilder()
            .error("reset")
            .build());
    screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(4 + 14);
    assertThat(screen.subList(0, 4))
        .allSatisfy(line -> assertThat(line).containsAnyOf(" completed in ", " failed after "));
    assertThat(screen.get(17)).isEqualTo("… and 8 more running, 3 completed, 1 failed");
    assertThat(mostLiveLines(console.text(), screen, 4)).isEqualTo(14);
  }

  @Test
  void oneRow_showsOnlyTheCount() {
    console = new ConsoleFixture(100, 2, false);
    console.deliver(started(1, "a", 10), started(2, "b", 10), started(3, "c", 10));
    console.deliver(
        lifecycle(3, "c", Status.CANCELLED, 1, 10, 500).toBuilder().error("stop").build());
    assertThat(TerminalScreen.render(console.text()))
        .containsExactly("c cancelled after 0.5 s: stop", "2 running, 1 cancelled");
  }

  @Test
  void overflow_showsTheMostRecentlyActive_inTheOrderTheyStarted() {
    console = new ConsoleFixture(100, 4, false); // 3 live rows: 2 transfers and the count
    long[] all = {1, 2, 3, 4, 5};
    console.deliver(snapshots(0, 0, all));

    // only 2 and 4 move (one batch: the redraw waits 100 ms of event time between frames)
    console.deliver(
        snapshots(0, 1000, 1, 3, 5)[0],
        snapshots(0, 1000, 3)[0],
        snapshots(MIB, 1000, 4)[0],
        snapshots(0, 1000, 5)[0],
        snapshots(MIB, 1000, 2)[0]);
    assertThat(TerminalScreen.render(console.text()))
        .extracting(line -> line.split(" ")[0])
        .containsExactly(name(2), name(4), "…");

    // 5 and 1 move later: they replace 2 and 4, and 1 is still listed first
    console.deliver(snapshots(2 * MIB, 1200, 5, 1));
    assertThat(TerminalScreen.render(console.text()))
        .extracting(line -> line.split(" ")[0])
        .containsExactly(name(1), name(5), "…");

    // 4 moves again; 1 and 5 moved at the same time, so the newer one, 5, stays
    console.deliver(snapshots(3 * MIB, 1400, 4));
    assertThat(TerminalScreen.render(console.text()))
        .extracting(line -> line.split(" ")[0])
        .containsExactly(name(4), name(5), "…");
  }

  @Test
  void barKeepsItsPlaceAndLength_whenATransferEnds() {
    console = new ConsoleFixture(100, 24, false);
    console.deliver(
        started(1, "a.bin", 1000),
        started(2, "the-transfer-with-a-much-longer-name.iso", 1000 * MIB));
    console.deliver(
        progress(1, "a.bin", 10, 1000, 100),
        progress(2, "the-transfer-with-a-much-longer-name.iso", 999 * MIB, 1000 * MIB, 3_000_000));
    String before = TerminalScreen.render(console.text()).get(0);
    console.deliver(
        lifecycle(2, "the-transfer-with-a-much-longer-name.iso", Status.COMPLETED, 1, 1, 3_000_100),
        progress(1, "a.bin", 20, 1000, 3_000_100));
    List<String> screen = TerminalScreen.render(console.text());
    String after = screen.get(screen.size() - 1);
    assertThat(after).startsWith("a.bin").contains(" 2%");
    assertThat(after.indexOf('│')).isEqualTo(before.indexOf('│'));
    assertThat(after.lastIndexOf('│')).isEqualTo(before.lastIndexOf('│'));
  }

  @Test
  void colour_endsInTheColourOfTheirStatus_andWidthsIgnoreTheEscapes() {
    console = new ConsoleFixture(60, 24, true);
    String longName = "a-very-long-name-for-a-file-that-completes-well.tar.gz";
    console.deliver(started(1, longName, 100), started(2, "b", 100), started(3, "c", 100));
    console.deliver(
        lifecycle(1, longName, Status.COMPLETED, 100, 100, 1000),
        lifecycle(2, "b", Status.FAILED, 1, 100, 1000).toBuilder().error("reset").build(),
        lifecycle(3, "c", Status.CANCELLED, 1, 100, 1000).toBuilder().error("stop").build());

    String text = console.text();
    assertThat(text)
        .contains(
            "\u001b[32ma-very-lon",
            "\u001b[31mb failed after 1.0 s: reset\u001b[39m",
            "\u001b[33mc cancelled after 1.0 s: stop\u001b[39m");
    List<String> screen = TerminalScreen.render(text);
    assertThat(screen.get(0)).contains("…", " completed in 1.0 s");
    for (String line : text.split("\n")) {
      assertThat(Columns.width(line)).isLessThan(60);
    }
  }

  @Test
  void colour_off_writesNoColour() {
    console = new ConsoleFixture(60, 3, false);
    console.deliver(started(1, "a", 100), started(2, "b", 100), started(3, "c", 100));
    console.deliver(
        lifecycle(1, "a", Status.COMPLETED, 100, 100, 1000),
        lifecycle(2, "b", Status.FAILED, 1, 100, 1000).toBuilder().error("reset").build());
    console.deliver(started(4, "d", 100), started(5, "e", 100));
    String text = console.text();
    assertThat(text.replaceAll("\u001b\\[(\\d*[AKJ]|\\?25[lh])", "")).doesNotContain("\u001b");
    assertThat(TerminalScreen.render(text)).endsWith("… and 2 more running, 1 completed, 1 failed");
  }

  @Test
  void colour_onTheCountLine_paintsEachCountOfEndedTransfers() {
    console = new ConsoleFixture(100, 2, true);
    console.deliver(
        started(1, "a", 100), started(2, "b", 100), started(3, "c", 100), started(4, "d", 100));
    console.deliver(
        lifecycle(1, "a", Status.COMPLETED, 100, 100, 1000),
        lifecycle(2, "b", Status.FAILED, 1, 100, 1000).toBuilder().error("reset").build());
    assertThat(console.text())
        .contains("2 running, \u001b[32m1 completed\u001b[39m, \u001b[31m1 failed\u001b[39m");
  }

  @Test
  void absolutePath_isShownRelativeToTheWorkingDirectory_orByItsEnd() {
    console = new ConsoleFixture(100, 24, false);
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    String inside = cwd.resolve("data").resolve("report.pdf").toString();
    String outside = Path.of("/srv", "exports", "2024", "sales.csv").toString();
    console.deliver(started(1, inside, 100), started(2, outside, 100));
    console.deliver(lifecycle(1, inside, Status.COMPLETED, 100, 100, 1000));
    String sep = cwd.getFileSystem().getSeparator();
    assertThat(TerminalScreen.render(console.text()))
        .satisfiesExactly(
            line -> assertThat(line).startsWith("data" + sep + "report.pdf completed in"),
            line -> assertThat(line).startsWith("…" + sep + "2024" + sep + "sales.csv "));
  }

  @Test
  void absolutePath_offATerminal_isShortenedToo() {
    console = new ConsoleFixture(false, Map.of("ascii", "true"));
    String outside = Path.of("/srv", "exports", "2024", "sales.csv").toString();
    console.deliver(started(1, outside, 100));
    String sep = Path.of("/").getFileSystem().getSeparator();
    assertThat(console.text()).startsWith("..." + sep + "2024" + sep + "sales.csv: started");
  }

  @Test
  void everyLine_isShorterThanTheWidth_atEveryWidthFrom20() {
    for (int width = 20; width <= 220; width += 7) {
      try (ConsoleFixture c = new ConsoleFixture(width, 6, true)) {
        c.deliver(
            started(1, "年度報告書の最終版と補足資料のすべて.pdf", 100 * MIB),
            started(2, "x", -1),
            started(3, "y", 10));
        c.deliver(
            progress(1, "年度報告書の最終版と補足資料のすべて.pdf", 5 * MIB, 100 * MIB, 100_000),
            progress(2, "x", 3 * MIB, -1, 100_000));
        c.deliver(
            lifecycle(3, "y", Status.FAILED, 1, 10, 200_000).toBuilder()
                .error("a long reason for the failure that goes on and on and on and on")
                .build());
        for (String line : TerminalScreen.render(c.text())) {
          assertThat(Columns.width(line)).as("width %d: %s", width, line).isLessThan(width);
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
