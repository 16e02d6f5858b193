// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations and groups on the console: stage lines, file lines, folding, plain lines (issue 10).
 */
final class ConsoleSinkFamilyTest {
  private static final long OP = 1;
  private static final String NAME = "Installing PostgreSQL";

  private ConsoleFixture console;

  @AfterEach
  void close() throws IOException {
    if (console != null) {
      console.close();
    }
  }

  private static StageState stage(String name, Status status, long seconds, @Nullable String m) {
    return new StageState(name, status, status.isFinal() ? 1 : -1, Duration.ofSeconds(seconds), m);
  }

  private static List<StageState> install(int current) {
    String[] names = {
      "Update package lists",
      "Download postgresql-15",
      "Installing dependencies",
      "Configuring database"
    };
    long[] seconds = {5, 83, 20, 0};
    List<StageState> stages = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Status status =
          i < current ? Status.COMPLETED : i == current ? Status.IN_PROGRESS : Status.PENDING;
      stages.add(stage(names[i], status, i <= current ? seconds[i] : 0, null));
    }
    return stages;
  }

  private static ProgressEvent operation(
      Status status,
      boolean lifecycle,
      double fraction,
      @Nullable Duration eta,
      long millis,
      List<StageState> stages) {
    return ProgressEvent.builder()
        .transferId(OP)
        .operation("install")
        .name(NAME)
        .kind(Kind.OPERATION)
        .status(status)
        .lifecycle(lifecycle)
        .fraction(fraction)
        .eta(eta)
        .elapsed(Duration.ofMillis(millis))
        .stages(stages)
        .step( // the running stage's name, as an operation's events say it
            stages.stream()
                .filter(st -> st.status() == Status.IN_PROGRESS)
                .map(StageState::name)
                .findFirst()
                .orElse(null))
        .time(T0.plusMillis(millis))
        .build();
  }

  private static ProgressEvent member(
      long id, long parent, Kind kind, String name, Status status, long millis) {
    return ProgressEvent.builder()
        .transferId(id)
        .parentId(parent)
        .operation("read")
        .name(name)
        .kind(kind)
        .status(status)
        .lifecycle(status != Status.IN_PROGRESS)
        .elapsed(Duration.ofMillis(millis))
        .time(T0.plusMillis(millis))
        .build();
  }

  @Test
  void operation_onATerminal_isItsBarAndOneLinePerStage() {
    console = new ConsoleFixture(120, 20, false);
    console.deliver(
        operation(Status.STARTING, true, 0, null, 0, install(0)),
        member(2, OP, Kind.STAGE, "Update package lists", Status.STARTING, 0));
    console.deliver(
        operation(Status.IN_PROGRESS, false, 0.45, Duration.ofSeconds(135), 1000, install(2)),
        member(3, OP, Kind.STAGE, "Installing dependencies", Status.IN_PROGRESS, 1000),
        member(4, 3, Kind.TRANSFER, "libpq5.deb", Status.IN_PROGRESS, 1000).toBuilder()
            .bytes(1024 * 1024)
            .totalBytes(4 * 1024 * 1024)
            .speed(1024 * 1024)
            .build());

    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(5);
    assertThat(screen.get(0)).startsWith(NAME).contains("45%").endsWith("ETA 2m 15s");
    assertThat(screen.get(0)).doesNotContain("B/s"); // no bytes of its own: no amounts, no speed
    assertThat(screen.subList(1, 5))
        .containsExactly(
            "[✓] Update package lists (5.0 s)",
            "[✓] Download postgresql-15 (1m 23s)",
            "[→] Installing dependencies  libpq5.deb 1.0/4.0 MiB, 1.0 MiB/s",
            "[ ] Configuring database");
  }

  @Test
  void aStreamOfTheNextStage_isNotShownUnderTheStageTheOperationStillSaysIsRunning() {
    console = new ConsoleFixture(120, 20, false);
    console.deliver(
        operation(Status.STARTING, true, 0, null, 0, install(1)),
        member(2, OP, Kind.STAGE, "Download postgresql-15", Status.IN_PROGRESS, 0),
        member(3, OP, Kind.STAGE, "Installing dependencies", Status.STARTING, 900),
        member(4, 3, Kind.TRANSFER, "libpq5.deb", Status.IN_PROGRESS, 900).toBuilder()
            .bytes(1024)
            .totalBytes(4 * 1024 * 1024)
            .build());
    // the operation's own event still says the download runs: no libpq5.deb under it
    console.deliver(
        operation(Status.IN_PROGRESS, false, 0.3, Duration.ofSeconds(9), 1000, install(1)));

    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).anyMatch(l -> l.startsWith("[→] Download postgresql-15"));
    assertThat(screen).noneMatch(l -> l.contains("libpq5.deb"));
  }

  @Test
  void operation_withoutEta_saysEtaUnknown() {
    console = new ConsoleFixture(100, 20, false);
    console.deliver(operation(Status.IN_PROGRESS, true, 0.3, null, 1000, install(1)));
    assertThat(TerminalScreen.render(console.text()).get(0)).endsWith("ETA unknown");
  }

  @Test
  void operation_ends_leavesItsSummaryAndStages_andFailedStageSaysWhy() {
    console = new ConsoleFixture(100, 20, false);
    console.deliver(operation(Status.STARTING, true, 0, null, 0, install(0)));
    List<StageState> stages = new ArrayList<>(install(2));
    stages.set(2, stage("Installing dependencies", Status.FAILED, 12, "dpkg: error\u001b[2J"));
    console.deliver(
        operation(Status.FAILED, true, 0.5, null, 100_000, stages).toBuilder()
            .error("stage failed")
            .build());
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen)
        .containsExactly(
            NAME + " failed after 1m 40s: stage failed",
            "[✓] Update package lists (5.0 s)",
            "[✓] Download postgresql-15 (1m 23s)",
            "[✗] Installing dependencies (12.0 s): dpkg: error?",
            "[ ] Configuring database");
  }

  @Test
  void manyStages_areFolded_andTheScreenHeightKept() {
    console = new ConsoleFixture(60, 8, false); // 7 live rows
    List<StageState> stages = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Status status = i < 20 ? Status.COMPLETED : i == 20 ? Status.IN_PROGRESS : Status.PENDING;
      stages.add(stage("step " + i, status, 1, null));
    }
    console.deliver(operation(Status.IN_PROGRESS, true, 0.66, null, 1000, stages));
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen)
        .containsExactly(
            screen.get(0),
            "[✓] 20 stages done",
            "[→] step 20",
            "[ ] step 21",
            "[ ] step 22",
            "[ ] step 23",
            "[ ] 6 more stages");
  }

  @Test
  void narrowTerminal_noLineReachesTheWidth() {
    console = new ConsoleFixture(40, 20, false);
    console.deliver(
        operation(Status.IN_PROGRESS, true, 0.45, Duration.ofSeconds(135), 1000, install(2)),
        member(3, OP, Kind.STAGE, "Installing dependencies", Status.IN_PROGRESS, 1000),
        member(4, 3, Kind.TRANSFER, "a-rather-long-package-name.deb", Status.IN_PROGRESS, 1000));
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(5);
    assertThat(screen).allSatisfy(line -> assertThat(Columns.width(line)).isLessThan(40));
    assertThat(screen.get(3)).startsWith("[→] Installing dependencies");
    // no amounts: room for a bar, the name before it as long as it can be
    assertThat(screen.get(0)).startsWith("Installing…eSQL │█").contains("45%");
  }

  @Test
  void asciiConsole_usesAsciiBoxes() {
    console = new ConsoleFixture(false, Map.of("ascii", "true"));
    FamilyLines lines = new FamilyLines(true, new ConsoleMessages(true, null));
    assertThat(
            lines.stages(
                operation(Status.IN_PROGRESS, false, 0.4, null, 0, install(2)), null, 8, 80))
        .containsExactly(
            "[+] Update package lists (5.0 s)",
            "[+] Download postgresql-15 (1m 23s)",
            "[>] Installing dependencies",
            "[ ] Configuring database");
    assertThat(lines.box(Status.FAILED)).isEqualTo("[!]");
    assertThat(lines.box(Status.CANCELLED)).isEqualTo("[-]");
  }

  private static ProgressEvent group(int completed, int total, double fraction, long millis) {
    return ProgressEvent.builder()
        .transferId(10)
        .operation("upload")
        .name("photos")
        .kind(Kind.GROUP)
        .status(Status.IN_PROGRESS)
        .lifecycle(millis == 0)
        .fraction(fraction)
        .files(completed, total)
        .elapsed(Duration.ofMillis(millis))
        .time(T0.plusMillis(millis))
        .build();
  }

  private static ProgressEvent file(int n, String step, Status status, long millis) {
    return member(100 + n, 10, Kind.FILE, "photo-" + n + ".jpg", status, millis).toBuilder()
        .operation("upload")
        .step(step)
        .message(status == Status.FAILED ? null : "part " + n)
        .error(status == Status.FAILED ? "HTTP 500" : null)
        .build();
  }

  @Test
  void group_onATerminal_showsTheFileCountAndTheRunningFiles_folded() {
    console = new ConsoleFixture(80, 6, false); // 5 live rows
    List<ProgressEvent> events = new ArrayList<>();
    events.add(group(0, 10, 0, 0));
    for (int i = 0; i < 7; i++) {
      events.add(file(i, i < 3 ? "uploading" : "queued", Status.STARTING, 0));
    }
    console.deliver(events.toArray(new ProgressEvent[0]));
    console.deliver(
        group(3, 10, 0.3, 1000),
        file(0, "completed", Status.COMPLETED, 1000),
        file(1, "error", Status.FAILED, 1000));
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen.get(0)).startsWith("photo-0.jpg completed in");
    assertThat(screen.get(1)).startsWith("photo-1.jpg failed after").endsWith("HTTP 500");
    assertThat(screen.get(2)).startsWith("photos").contains("30%", "3 of 10 files", "ETA unknown");
    assertThat(screen.subList(3, 7))
        .containsExactly(
            "  photo-2.jpg  uploading  part 2",
            "  photo-3.jpg  queued  part 3",
            "  photo-4.jpg  queued  part 4",
            "  … and 2 more files");
  }

  @Test
  void operation_offATerminal_aLineWhenAStageBeginsAndEnds_neverPerSnapshot() {
    console = new ConsoleFixture(false, Map.of("ascii", "false"));
    console.deliver(operation(Status.STARTING, true, 0, null, 0, install(0)));
    console.deliver(member(2, OP, Kind.STAGE, "Update package lists", Status.STARTING, 0));
    for (int i = 1; i <= 5; i++) {
      console.deliver(operation(Status.IN_PROGRESS, false, 0.01 * i, null, 100 * i, install(0)));
    }
    console.deliver(operation(Status.IN_PROGRESS, false, 0.3, null, 1000, install(2)));
    console.deliver(operation(Status.COMPLETED, true, 1, Duration.ZERO, 2000, install(4)));
    assertThat(console.text().lines())
        .containsExactly(
            NAME + ": started (4 stages)",
            NAME + ": [→] Update package lists",
            NAME + ": [✓] Update package lists (5.0 s)",
            NAME + ": [✓] Download postgresql-15 (1m 23s)",
            NAME + ": [→] Installing dependencies",
            NAME + ": 30% (Installing dependencies, ETA unknown)",
            NAME + ": [✓] Installing dependencies (20.0 s)",
            NAME + ": [✓] Configuring database (0.0 s)",
            NAME + " completed in 2.0 s, average 0 B/s (0 B)");
  }

  @Test
  void group_offATerminal_aLinePerFileEnd_andTheFileCountInItsLines() {
    console = new ConsoleFixture(false, Map.of("ascii", "false"));
    console.deliver(group(0, 4, 0, 0), file(0, "uploading", Status.STARTING, 0));
    console.deliver(file(0, "processing", Status.IN_PROGRESS, 500));
    console.deliver(file(0, "completed", Status.COMPLETED, 1000), group(1, 4, 0.25, 1000));
    assertThat(console.text().lines())
        .containsExactly(
            "photos: started (4 files)",
            "photo-0.jpg completed in 1.0 s, average 0 B/s (0 B)",
            "photos: 25% (1 of 4 files, ETA unknown)");
  }
}
