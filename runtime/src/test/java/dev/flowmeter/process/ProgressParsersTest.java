// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Feeds each parser the real output of its tool, captured into {@code src/test/resources} (except
 * MegaCMD's, written from the documented format), and random lines to every parser.
 */
final class ProgressParsersTest {
  private static final double MIB = 1024 * 1024;

  @Test
  void ffmpeg_classicStderr_fractionFromDurationLine() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.ffmpeg(), "ffmpeg-stderr.txt");

    assertProgressRisesToEnd(values);
    // "frame=  125 fps= 25 q=2.0 Lsize=     216kB time=00:00:04.96 bitrate= 357.3kbits/s
    // speed=0.984x"
    ToolProgress last = values.get(values.size() - 2);
    assertThat(last.bytesDone()).isEqualTo(216 * 1024);
    assertThat(last.fraction()).isCloseTo(4.96 / 5.00, within(1e-9));
    assertThat(last.bytesPerSecond()).isCloseTo(357.3 * 1000 / 8 * 0.984, within(1e-6));
    assertThat(values.get(values.size() - 1).fraction()).isEqualTo(1.0);
  }

  @Test
  void ffmpeg_progressPipe_needsTheDurationOrAGivenOne() throws IOException {
    assertThat(feed(ProgressParsers.ffmpeg(), "ffmpeg-progress.txt"))
        .filteredOn(p -> p.fraction() < 1.0)
        .allMatch(p -> Double.isNaN(p.fraction()));

    List<ToolProgress> values =
        feed(ProgressParsers.ffmpeg(Duration.ofSeconds(5)), "ffmpeg-progress.txt");

    assertProgressRisesToEnd(values);
    assertThat(values.get(0).bytesDone()).isEqualTo(44); // total_size=44
    assertThat(values.get(values.size() - 1).bytesDone()).isPositive();
  }

  @Test
  void ffmpeg_rejectsANonPositiveDuration() {
    assertThatThrownBy(() -> ProgressParsers.ffmpeg(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void curl_meter() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.curl(), "curl-meter.txt");

    assertProgressRisesToEnd(values);
    // " 53 20.0M   53 10.6M    0     0  9000k      0  0:00:02  0:00:01  0:00:01 8997k"
    assertThat(values)
        .contains(
            new ToolProgress(Math.round(10.6 * MIB), Math.round(20.0 * MIB), 0.53, 8997 * 1024));
    ToolProgress last = values.get(values.size() - 1);
    assertThat(last.bytesDone()).isEqualTo(last.totalBytes()).isEqualTo(20 * 1024 * 1024);
  }

  @Test
  void wget_bar() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.wget(), "wget-bar.txt");

    assertProgressRisesToEnd(values);
    // "/tmp/p10/w.bin        8%[>                   ]   1.62M  4.00MB/s"
    assertThat(values).contains(new ToolProgress(Math.round(1.62 * MIB), 20971520, 0.08, 4 * MIB));
    assertThat(values.get(values.size() - 1).bytesDone()).isEqualTo(20971520);
  }

  @Test
  void wget_dots() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.wget(), "wget-dot.txt");

    assertProgressRisesToEnd(values);
    // "   200K .......... .......... .......... .......... ..........  1%  344M 0s"
    assertThat(values).contains(new ToolProgress(250 * 1024, 20971520, 0.01, 344 * MIB));
    assertThat(values.get(values.size() - 1).bytesDone()).isEqualTo(20971520);
  }

  @Test
  void rsync_progress2() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.rsync(), "rsync-progress2.txt");

    assertProgressRisesToEnd(values);
    // "      4,294,912  21%    3.91MB/s    0:00:03  "
    assertThat(values).contains(new ToolProgress(4_294_912, -1, 0.21, 3.91 * MIB));
    assertThat(values.get(values.size() - 1).bytesDone()).isEqualTo(20_000_000);
  }

  @Test
  void pv_percentages() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.pv(), "pv-n.txt");

    assertProgressRisesToEnd(values);
    assertThat(values.get(0).fraction()).isEqualTo(0.20);
  }

  @Test
  void megaCmd_transferLines() throws IOException {
    List<ToolProgress> values = feed(ProgressParsers.megaCmd(), "megacmd-transfer.txt");

    assertProgressRisesToEnd(values);
    assertThat(values.get(2)).isEqualTo(new ToolProgress(857L << 20, 1714L << 20, 0.5, Double.NaN));
    ToolProgress last = values.get(values.size() - 1);
    assertThat(last.bytesDone()).isEqualTo(last.totalBytes()).isEqualTo(1714L << 20);
  }

  @Test
  void everyParser_survivesRandomLines() throws IOException {
    Map<String, Supplier<ProgressParser>> parsers =
        Map.of(
            "ffmpeg", ProgressParsers::ffmpeg,
            "ffmpeg(5s)", () -> ProgressParsers.ffmpeg(Duration.ofSeconds(5)),
            "curl", ProgressParsers::curl,
            "wget", ProgressParsers::wget,
            "rsync", ProgressParsers::rsync,
            "pv", ProgressParsers::pv,
            "megaCmd", ProgressParsers::megaCmd);
    List<String> fragments = new ArrayList<>();
    for (String fixture :
        List.of(
            "ffmpeg-stderr.txt",
            "ffmpeg-progress.txt",
            "curl-meter.txt",
            "wget-bar.txt",
            "wget-dot.txt",
            "rsync-progress2.txt",
            "pv-n.txt",
            "megacmd-transfer.txt")) {
      fragments.addAll(lines(fixture));
    }
    Random random = new Random(10);
    int parsed = 0;
    for (var entry : parsers.entrySet()) {
      ProgressParser parser = entry.getValue().get();
      for (int i = 0; i < 10_000; i++) {
        String line = randomLine(random, fragments);
        ToolProgress progress = parser.parse(line);
        if (progress != null) {
          parsed++;
          assertThat(progress.fraction())
              .as(entry.getKey() + ": " + line)
              .satisfiesAnyOf(f -> assertThat(f).isNaN(), f -> assertThat(f).isBetween(0.0, 1.0));
          assertThat(progress.bytesDone()).isGreaterThanOrEqualTo(-1);
          assertThat(progress.totalBytes()).isGreaterThanOrEqualTo(-1);
        }
      }
      assertThat(parser.parse("")).isNull();
      assertThat(parser.parse("9".repeat(1 << 20))).isNull();
    }
    assertThat(parsed).as("fragments of real lines parse").isGreaterThan(1000);
  }

  @Test
  void toolProgress_normalisesAndDerivesTheFraction() {
    ToolProgress progress = new ToolProgress(-7, 200, 3.0, Double.POSITIVE_INFINITY);
    assertThat(progress.bytesDone()).isEqualTo(-1);
    assertThat(progress.fraction()).isEqualTo(1.0);
    assertThat(progress.bytesPerSecond()).isNaN();
    assertThat(new ToolProgress(50, 200, Double.NaN, 10).fraction()).isEqualTo(0.25);
    assertThat(new ToolProgress(50, 200, Double.NaN, 10))
        .hasToString("ToolProgress[bytes=50/200, fraction=0.2500, speed=10/s]");
  }

  private static String randomLine(Random random, List<String> fragments) {
    StringBuilder line = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int p = 0; p < parts; p++) {
      switch (random.nextInt(5)) {
        case 0:
          line.append(fragments.get(random.nextInt(fragments.size())));
          break;
        case 1:
          String fragment = fragments.get(random.nextInt(fragments.size()));
          int from = fragment.isEmpty() ? 0 : random.nextInt(fragment.length());
          line.append(fragment, from, Math.min(fragment.length(), from + random.nextInt(40)));
          break;
        case 2:
          for (int i = random.nextInt(60); i > 0; i--) {
            line.append((char) random.nextInt(0x80));
          }
          break;
        case 3:
          for (int i = 1 + random.nextInt(40); i > 0; i--) {
            line.append((char) ('0' + random.nextInt(10)));
          }
          break;
        default:
          line.append(" 100%[==> ] 9999999999999999999999M 1e308MB/s (99999999999/1 TB: 1e9 %) ");
      }
    }
    // A random fragment with its digits replaced, so that numbers get huge or odd.
    return random.nextBoolean() ? line.toString() : line.toString().replace("0", "9999999999");
  }

  private static void assertProgressRisesToEnd(List<ToolProgress> values) {
    // Fractions the tool does not know yet (curl before it learns the size) are NaN.
    List<ToolProgress> known =
        values.stream().filter(p -> !Double.isNaN(p.fraction())).collect(Collectors.toList());
    assertThat(known).hasSizeGreaterThanOrEqualTo(3);
    double previous = 0;
    for (ToolProgress value : known) {
      assertThat(value.fraction()).as(value.toString()).isGreaterThanOrEqualTo(previous);
      previous = value.fraction();
    }
    assertThat(previous).isEqualTo(1.0);
  }

  private static List<ToolProgress> feed(ProgressParser parser, String fixture) throws IOException {
    List<ToolProgress> values = new ArrayList<>();
    for (String line : lines(fixture)) {
      ToolProgress progress = parser.parse(line);
      if (progress != null) {
        values.add(progress);
      }
    }
    return values;
  }

  private static List<String> lines(String fixture) throws IOException {
    try (InputStream in = ProgressParsersTest.class.getResourceAsStream(fixture)) {
      assertThat(in).as(fixture).isNotNull();
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[\r\n]"));
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
