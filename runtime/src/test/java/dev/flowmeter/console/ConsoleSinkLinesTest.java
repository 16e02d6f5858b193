// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.lifecycle;
import static dev.flowmeter.console.ConsoleFixture.progress;
import static dev.flowmeter.console.ConsoleFixture.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sinks.FullDiskChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console sink when it writes lines: not a terminal, or the detailed and minimal styles. */
final class ConsoleSinkLinesTest {
  private static final long MIB = 1024 * 1024;

  private ConsoleFixture console;

  private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

  @AfterEach
  void close() throws IOException {
    Diagnostics.redirect(null);
    Diagnostics.reset();
    if (console != null) {
      console.close();
    }
  }

  private void captureDiagnostics() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
  }

  /** Delivers a batch as the dispatcher does, which goes on when the sink throws. */
  private static int deliver(ProgressSink sink, ProgressEvent... events) {
    int failures = 0;
    for (ProgressEvent e : events) {
      try {
        sink.onEvent(e);
      } catch (RuntimeException x) {
        failures++;
      }
    }
    try {
      sink.flush();
    } catch (IOException | RuntimeException x) {
      failures++;
    }
    return failures;
  }

  private List<String> lines() {
    String text = console.text();
    return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
  }

  @Test
  void notTerminal_printsStartEachTenPercentStepAndFinish_withoutCarriageReturnOrEscape() {
    console = new ConsoleFixture(false, Map.of("ascii", "false"));
    console.deliver(started(1, "data.csv", 1000));
    console.deliver(progress(1, "data.csv", 50, 1000, 1000));
    console.deliver(progress(1, "data.csv", 120, 1000, 2000));
    console.deliver(progress(1, "data.csv", 150, 1000, 3000));
    console.deliver(progress(1, "data.csv", 250, 1000, 4000));
    console.deliver(progress(1, "data.csv", 990, 1000, 5000));
    console.deliver(progress(1, "data.csv", 1000, 1000, 5500));
    console.deliver(lifecycle(1, "data.csv", Status.COMPLETED, 1000, 1000, 6000));

    String text = console.text();
    assertThat(text.replace(System.lineSeparator(), "\n")).doesNotContain("\r");
    assertThat(text).doesNotContain("\u001b");
    assertThat(lines())
        .containsExactly(
            "data.csv: started (1000 B)",
            "data.csv: 12% (120 B / 1000 B, 60 B/s, ETA 14.7 s)",
            "data.csv: 25% (250 B / 1000 B, 63 B/s, ETA 12.0 s)",
            "data.csv: 99% (990 B / 1000 B, 198 B/s, ETA 0.1 s)",
            "data.csv completed in 6.0 s, average 167 B/s (1000 B)");
  }

  @Test
  void notTerminal_threeSecondTransferSampledEvery100ms_printsALineAtEachTenPercentStep() {
    console = new ConsoleFixture(false, Map.of());
    long total = 3000 * 1024;
    console.deliver(started(1, "three.bin", total));
    for (long t = 100; t < 3000; t += 100) {
      console.deliver(progress(1, "three.bin", total * t / 3000, total, t)); // 1 KiB per ms
    }
    console.deliver(lifecycle(1, "three.bin", Status.COMPLETED, total, total, 3000));
    assertThat(lines())
        .extracting(line -> line.replaceAll(" \\(.*", ""))
        .containsExactly(
            "three.bin: started",
            "three.bin: 10%",
            "three.bin: 20%",
            "three.bin: 30%",
            "three.bin: 40%",
            "three.bin: 50%",
            "three.bin: 60%",
            "three.bin: 70%",
            "three.bin: 80%",
            "three.bin: 90%",
            "three.bin completed in 3.0 s, average 1000.0 KiB/s");
  }

  @Test
  void notTerminal_snapshotsOnceASecond_printOnlyTheStepsMeasured() {
    // what 1 s snapshots gave the demo: the percentages measured, never the steps in between
    console = new ConsoleFixture(false, Map.of());
    long total = 3000;
    console.deliver(started(1, "three.bin", total));
    for (long t = 1000; t < 3000; t += 1000) {
      console.deliver(progress(1, "three.bin", t == 1000 ? 1000 : 2000, total, t));
    }
    assertThat(lines())
        .extracting(line -> line.replaceAll(" \\(.*", ""))
        .containsExactly("three.bin: started", "three.bin: 33%", "three.bin: 66%");
  }

  @Test
  void notTerminal_slowTransfer_printsEveryTenSecondsOfEventTime() {
    console = new ConsoleFixture(false, Map.of());
    console.deliver(started(1, "slow.bin", 1000));
    for (long t = 3; t <= 33; t += 3) {
      console.deliver(progress(1, "slow.bin", t, 1000, t * 1000)); // 0.3 % every 3 s
    }
    // the 10 % step comes before the next 10 s have passed
    console.deliver(progress(1, "slow.bin", 100, 1000, 35_000));
    console.deliver(progress(1, "slow.bin", 101, 1000, 44_000));
    console.deliver(progress(1, "slow.bin", 102, 1000, 45_000));

    assertThat(lines())
        .extracting(line -> line.substring(0, line.indexOf(" (")))
        .containsExactly(
            "slow.bin: started",
            "slow.bin: 1%", // t = 12 s
            "slow.bin: 2%", // t = 24 s
            "slow.bin: 10%", // t = 35 s: the step
            "slow.bin: 10%"); // t = 45 s
  }

  @Test
  void notTerminal_unknownTotalWithAKnownShare_printsThePercentageAsTheOtherSinksDo() {
    console = new ConsoleFixture(false, Map.of());
    console.deliver(started(1, "encode", -1));
    console.deliver(
        progress(1, "encode", 0, -1, 1000).toBuilder()
            .fraction(0.3)
            .eta(Duration.ofMillis(2300))
            .build());
    assertThat(lines())
        .containsExactly("encode: started (size unknown)", "encode: 30% (0 B, 0 B/s, ETA 2.3 s)");
  }

  @Test
  void notTerminal_unknownTotal_printsBytesEveryTenSecondsButNoPercentage() {
    console = new ConsoleFixture(false, Map.of());
    console.deliver(started(1, "pipe", -1));
    for (long t = 1; t <= 25; t++) {
      console.deliver(progress(1, "pipe", t * MIB, -1, t * 1000));
    }
    assertThat(lines())
        .containsExactly(
            "pipe: started (size unknown)",
            "pipe: 10.0 MiB (1.0 MiB/s)",
            "pipe: 20.0 MiB (1.0 MiB/s)");
  }

  @Test
  void notTerminal_even_withBarsAsked_neverWritesEscapes() {
    console = new ConsoleFixture(false, Map.of("style", "bar", "ascii", "false"));
    console.deliver(started(1, "a", 100), started(2, "b", -1));
    for (int i = 1; i <= 100; i++) {
      console.deliver(progress(1, "a", i, 100, i * 500L), progress(2, "b", i, -1, i * 500L));
    }
    console.deliver(lifecycle(1, "a", Status.COMPLETED, 100, 100, 60_000));
    assertThat(console.text()).doesNotContain("\u001b", "\r", "█");
  }

  @Test
  void notTerminal_hostileName_isSanitizedOnItsOwnLine() {
    console = new ConsoleFixture(false, Map.of());
    String evil = "evil\u001b[31mred\u001b]0;title\u0007\r\nx";
    console.deliver(started(1, evil, 10));
    console.deliver(
        lifecycle(1, evil, Status.CANCELLED, 1, 10, 100).toBuilder().error("stop\r").build());
    assertThat(console.text().replace(System.lineSeparator(), "\n"))
        .doesNotContain("\u001b", "\u0007", "\r");
    assertThat(lines())
        .containsExactly(
            "evil?red???x: started (10 B)", "evil?red???x cancelled after 0.1 s: stop?");
  }

  @Test
  void detailed_printsStartEachTwentyPercentSavingAndACompletionBlock() {
    console = new ConsoleFixture(true, Map.of("style", "detailed"));
    long total = 50 * MIB;
    console.deliver(started(1, "large_file.zip", total));
    long[] percents = {10, 25, 45, 65, 85, 100};
    for (int i = 0; i < percents.length; i++) {
      console.deliver(
          progress(1, "large_file.zip", total * percents[i] / 100, total, 1000 * (i + 1)));
    }
    console.deliver(lifecycle(1, "large_file.zip", Status.SAVING, total, total, 6500));
    console.deliver(
        lifecycle(1, "large_file.zip", Status.COMPLETED, total, total, 7200).toBuilder()
            .averageSpeed(total / 7.2)
            .build());

    assertThat(console.text()).doesNotContain("\u001b", "\r");
    assertThat(lines())
        .containsExactly(
            "Starting upload: large_file.zip (52,428,800 bytes)",
            "Progress: large_file.zip 20% (12.5 MiB of 50.0 MiB, 6.3 MiB/s, ETA 6.0 s)",
            "Progress: large_file.zip 40% (22.5 MiB of 50.0 MiB, 7.5 MiB/s, ETA 3.7 s)",
            "Progress: large_file.zip 60% (32.5 MiB of 50.0 MiB, 8.1 MiB/s, ETA 2.2 s)",
            "Progress: large_file.zip 80% (42.5 MiB of 50.0 MiB, 8.5 MiB/s, ETA 0.9 s)",
            "Saving: large_file.zip (52,428,800 bytes transferred)",
            "Completed upload: large_file.zip",
            "  Duration:      7.2 s",
            "  Average speed: 6.9 MiB/s",
            "  Size:          50.0 MiB (52,428,800 bytes)");
  }

  @Test
  void detailed_failure_printsAnErrorBlock() {
    console = new ConsoleFixture(false, Map.of("style", "detailed"));
    console.deliver(started(1, "x.bin", -1));
    console.deliver(
        lifecycle(1, "x.bin", Status.FAILED, 2 * MIB, -1, 3000).toBuilder()
            .error("disk full")
            .build());
    assertThat(lines())
        .containsExactly(
            "Starting upload: x.bin (size unknown)",
            "Failed upload: x.bin",
            "  Duration:      3.0 s",
            "  Average speed: 682.7 KiB/s",
            "  Transferred:   2.0 MiB",
            "  Error:         disk full");
  }

  @Test
  void detailed_withLog_copiesEveryLineToTheFile(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("transfers.log");
    console = new ConsoleFixture(false, Map.of("style", "detailed", "log", log.toString()));
    console.deliver(started(1, "a.txt", 10));
    console.deliver(lifecycle(1, "a.txt", Status.COMPLETED, 10, 10, 1000));
    console.close();
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).isEqualTo(console.text());
    assertThat(Files.readAllLines(log))
        .hasSize(5)
        .first()
        .isEqualTo("Starting upload: a.txt (10 bytes)");
  }

  @Test
  void detailed_logThatCannotBeWritten_neverRepeatsALine_andIsReportedOnce() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    captureDiagnostics();
    console = new ConsoleFixture(false, Map.of("style", "detailed", "log", full.toString()));

    int failures = deliver(console.sink, started(1, "a.txt", 100));
    failures += deliver(console.sink, progress(1, "a.txt", 50, 100, 1000));
    failures += deliver(console.sink, lifecycle(1, "a.txt", Status.COMPLETED, 100, 100, 2000));
    console.close();

    assertThat(failures).isZero(); // the console goes on
    assertThat(lines())
        .containsExactly(
            "Starting upload: a.txt (100 bytes)",
            "Progress: a.txt 40% (50 B of 100 B, 50 B/s, ETA 1.0 s)",
            "Completed upload: a.txt",
            "  Duration:      2.0 s",
            "  Average speed: 50 B/s",
            "  Size:          100 B (100 bytes)");
    assertThat(diagnostics.toString(StandardCharsets.UTF_8).split(System.lineSeparator()))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "flowmeter: sink 'console': cannot write to /dev/full: No space left on"
                            + " device ("));
  }

  @Test
  void detailed_logOnAFullDisk_catchesUpInWholeLinesWhenThereIsSpace(@TempDir Path dir)
      throws IOException {
    captureDiagnostics();
    Path log = dir.resolve("transfers.log");
    FullDiskChannel disk = new FullDiskChannel(log, 30);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleSink sink =
        new ConsoleSink(
            ConsoleSink.Style.DETAILED,
            new ConsoleScreen(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                false,
                false,
                80,
                Integer.MAX_VALUE),
            true,
            new LineFile(log, disk),
            null);

    deliver(sink, started(1, "a.txt", 100), progress(1, "a.txt", 50, 100, 1000));
    assertThat(Files.readString(log)).isEmpty(); // the first line did not fit: cut back
    disk.capacity(Long.MAX_VALUE);
    deliver(sink, lifecycle(1, "a.txt", Status.COMPLETED, 100, 100, 2000));
    sink.close();

    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .isEqualTo(out.toString(StandardCharsets.UTF_8));
    assertThat(Files.readAllLines(log)).hasSize(6);
  }

  @Test
  void minimal_printsStartQuarterMilestonesAndCompletion() {
    console = new ConsoleFixture(false, Map.of("style", "minimal"));
    console.deliver(started(1, "m.bin", 100));
    for (long p : new long[] {10, 30, 40, 55, 80, 99, 100}) {
      console.deliver(progress(1, "m.bin", p, 100, p * 100));
    }
    console.deliver(lifecycle(1, "m.bin", Status.COMPLETED, 100, 100, 10_000));
    assertThat(lines())
        .containsExactly(
            "m.bin: started",
            "m.bin: 25%",
            "m.bin: 50%",
            "m.bin: 75%",
            "m.bin completed in 10.0 s, average 10 B/s (100 B)");
  }

  @Test
  void minimal_bigJump_printsOnlyTheHighestMilestoneCrossed() {
    console = new ConsoleFixture(false, Map.of("style", "minimal"));
    console.deliver(started(1, "j", 100), progress(1, "j", 80, 100, 1000));
    assertThat(lines()).containsExactly("j: started", "j: 75%");
  }

  @Test
  void silent_writesNothingAtAll() {
    console = new ConsoleFixture(true, Map.of("style", "silent"));
    console.deliver(started(1, "a", 100), progress(1, "a", 50, 100, 1000));
    console.deliver(lifecycle(1, "a", Status.FAILED, 50, 100, 2000).toBuilder().error("x").build());
    assertThat(console.text()).isEmpty();
    assertThat(console.writes()).isZero();
  }
}
