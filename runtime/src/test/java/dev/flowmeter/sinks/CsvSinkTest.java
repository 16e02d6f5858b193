// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static dev.flowmeter.sink.TestEvents.event;
import static dev.flowmeter.sink.TestEvents.lifecycle;
import static dev.flowmeter.sink.TestEvents.progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Direction;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CsvSinkTest {
  private static final String OLD_HEADER =
      "timestamp,operation,filename,percentage,bytes_transferred,total_bytes,speed_mbps,status";
  private static final String FAMILY_HEADER =
      OLD_HEADER + ",kind,step,completed_files,total_files,message";
  private static final String HEADER = FAMILY_HEADER + ",source,direction";

  @TempDir Path dir;

  static ProgressSink open(Path file) throws IOException {
    return new CsvSinkProvider()
        .create(SinkContext.builder("csv").argument(file.toString()).build());
  }

  static String write(Path file, ProgressEvent... events) throws IOException {
    ProgressSink sink = open(file);
    for (ProgressEvent e : events) {
      sink.onEvent(e);
    }
    sink.flush();
    sink.close();
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static List<List<String>> rows(String text) {
    return Rfc4180.parse(text);
  }

  @Test
  void header_isExactlyTheDocumentedColumns() throws IOException {
    String text = write(dir.resolve("a.csv"));

    assertThat(text).isEqualTo(HEADER + "\r\n");
  }

  @Test
  void row_hasEveryColumnInOrder() throws IOException {
    String text =
        write(dir.resolve("a.csv"), progress(1, "report.pdf", 6_300_000, 15_000_000, 2_100_000));

    assertThat(text.split("\r\n", -1))
        .containsExactly(
            HEADER,
            "2024-05-01T12:00:01Z,upload,report.pdf,42.0,6300000,15000000,2.10,progress,transfer,,,,,"
                + "api,unknown",
            "");
  }

  @Test
  void percentage_isRoundedDownToOneDecimal() throws IOException {
    String text =
        write(
            dir.resolve("a.csv"),
            progress(1, "x", 9_999, 10_000, 0),
            progress(2, "y", 143, 1000, 0));

    assertThat(rows(text)).extracting(r -> r.get(3)).containsExactly("percentage", "99.9", "14.3");
  }

  @Test
  void speed_isInMegabytesPerSecondWithTwoDecimals() throws IOException {
    String text = write(dir.resolve("a.csv"), progress(1, "x", 1, 10, 1_234_567));

    assertThat(rows(text).get(1).get(6)).isEqualTo("1.23");
  }

  @Test
  void status_mapsToTheCsvVocabulary() throws IOException {
    String text =
        write(
            dir.resolve("a.csv"),
            lifecycle(1, "p", Status.PENDING, 0, 10),
            lifecycle(1, "p", Status.STARTING, 0, 10),
            event(1, "p", Status.STARTING, false, 0, 10, 1).build(),
            progress(1, "p", 5, 10, 1),
            lifecycle(1, "p", Status.SAVING, 10, 10),
            event(1, "p", Status.SAVING, false, 10, 10, 2).build(),
            lifecycle(1, "p", Status.COMPLETED, 10, 10),
            lifecycle(2, "q", Status.FAILED, 3, 10),
            lifecycle(3, "r", Status.CANCELLED, 3, 10));

    assertThat(rows(text))
        .extracting(r -> r.get(7))
        .containsExactly(
            "status",
            "starting",
            "progress",
            "progress",
            "saving",
            "saving",
            "completed",
            "error",
            "cancelled");
  }

  @Test
  void unknownTotal_leavesPercentageAndTotalEmpty() throws IOException {
    String text = write(dir.resolve("a.csv"), progress(1, "stream", 4096, -1, 2_000_000));

    assertThat(rows(text).get(1))
        .containsExactly(
            "2024-05-01T12:00:01Z",
            "upload",
            "stream",
            "",
            "4096",
            "",
            "2.00",
            "progress",
            "transfer",
            "",
            "",
            "",
            "",
            "api",
            "unknown");
  }

  @Test
  void row_endsWithTheTransfersSourceAndDirection() throws IOException {
    ProgressEvent event =
        progress(1, "x", 1, 2, 0).toBuilder().source("agent.zip").direction(Direction.READ).build();

    List<String> row = rows(write(dir.resolve("a.csv"), event)).get(1);

    assertThat(row.subList(13, 15)).containsExactly("agent.zip", "read");
  }

  @Test
  void appendingToAFileOfTheColumnsBeforeSources_keepsToThem() throws IOException {
    Path file = dir.resolve("family.csv");
    Files.writeString(file, FAMILY_HEADER + "\r\n", StandardCharsets.UTF_8);

    List<List<String>> rows = rows(write(file, progress(1, "x", 1, 2, 0)));

    assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).hasSize(13));
    assertThat(rows.get(1).get(8)).isEqualTo("transfer");
  }

  @Test
  void name_withCommaQuoteAndLineBreaks_isQuotedAndReadsBack() throws IOException {
    String name = "a,b \"c\"\r\nd\ne\rf";
    String text = write(dir.resolve("a.csv"), progress(1, name, 1, 2, 0));

    assertThat(text).contains(",\"a,b \"\"c\"\"\r\nd\ne\rf\",");
    assertThat(rows(text)).hasSize(2);
    assertThat(rows(text).get(1).get(2)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
  void formulaPrefix_isNeutralised(String prefix) throws IOException {
    String name = prefix + "HYPERLINK(\"http://evil\",\"x\")";
    String text = write(dir.resolve("a.csv"), progress(1, name, 1, 2, 0));

    List<String> row = rows(text).get(1);
    assertThat(row.get(2)).isEqualTo("'" + name);
    assertThat(row.get(2)).doesNotStartWith(prefix);
  }

  /** ESC, BEL, NUL, DEL and C1 controls written raw would steer a terminal running tail -f. */
  @Test
  void controlCharacters_areWrittenAsVisibleEscapes_tabAndLineBreaksKept() throws IOException {
    String name = "a\u001b]0;owned\u0007b\u0000c\u007fd\u009be\tf";
    String text = write(dir.resolve("a.csv"), progress(1, name, 1, 2, 0));

    assertThat(text).doesNotContain("\u001b", "\u0007", "\u0000", "\u007f", "\u009b");
    assertThat(rows(text).get(1).get(2))
        .isEqualTo("a\\u001b]0;owned\\u0007b\\u0000c\\u007fd\\u009be\tf");
  }

  @Test
  void operation_isNeutralisedToo() throws IOException {
    ProgressEvent e = event(1, "x", Status.IN_PROGRESS, false, 1, 2, 1).operation("=1+1").build();

    assertThat(rows(write(dir.resolve("a.csv"), e)).get(1).get(1)).isEqualTo("'=1+1");
  }

  @Test
  void append_toNonEmptyFile_addsNoSecondHeader() throws IOException {
    Path file = dir.resolve("a.csv");
    write(file, progress(1, "first", 1, 2, 0));
    String text = write(file, progress(2, "second", 1, 2, 0));

    List<List<String>> rows = rows(text);
    assertThat(rows).extracting(r -> r.get(2)).containsExactly("filename", "first", "second");
  }

  @Test
  void existingEmptyFile_getsTheHeader() throws IOException {
    Path file = Files.createFile(dir.resolve("a.csv"));

    assertThat(write(file, progress(1, "x", 1, 2, 0))).startsWith(HEADER + "\r\n");
  }

  @Test
  void flush_makesRowsVisibleBeforeClose() throws IOException {
    Path file = dir.resolve("a.csv");
    ProgressSink sink = open(file);
    sink.onEvent(progress(1, "x", 1, 2, 0));
    sink.flush();

    assertThat(Files.readAllLines(file)).hasSize(2);
    sink.close();
  }

  @Test
  void missingDirectories_areCreated() throws IOException {
    Path file = dir.resolve("logs/2024/a.csv");

    assertThat(write(file)).isEqualTo(HEADER + "\r\n");
  }

  @Test
  void missingArgument_isAConfigException() {
    assertThatThrownBy(() -> new CsvSinkProvider().create(SinkContext.builder("csv").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sinks")
        .hasMessageContaining("csv:<path>");
  }

  @Test
  void directoryAsPath_isAnIOException() {
    assertThatThrownBy(() -> open(dir)).isInstanceOf(IOException.class);
  }

  @Test
  void pathBelowARegularFile_isAnIOException() throws IOException {
    Path file = Files.createFile(dir.resolve("plain"));

    assertThatThrownBy(() -> open(file.resolve("a.csv"))).isInstanceOf(IOException.class);
  }

  @Test
  void provider_hasNameUsageAndOneSecondInterval() {
    CsvSinkProvider provider = new CsvSinkProvider();

    assertThat(List.of(provider.name(), provider.usage())).containsExactly("csv", "csv:<path>");
    assertThat(provider.defaultInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyRow_endsWithCrlf() throws IOException {
    String text = write(dir.resolve("a.csv"), progress(1, "x", 1, 2, 0), progress(2, "y", 1, 2, 0));

    assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    assertThat(text.lines().collect(Collectors.toList())).hasSize(3);
  }

  @Test
  void fullDisk_neverLeavesAHalfRow_andTheRowsComeWhenThereIsSpaceAgain() throws IOException {
    Path file = dir.resolve("a.csv");
    FullDiskChannel disk = new FullDiskChannel(file, 200); // the header and one row or two
    ProgressSink sink = CsvSink.open(new LineFile(file, disk));
    for (int id = 1; id <= 5; id++) {
      sink.onEvent(lifecycle(id, "f" + id, Status.STARTING, 0, 100));
    }
    assertThatThrownBy(sink::flush).hasMessageContaining("No space left on device");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("\r\n");

    disk.capacity(Long.MAX_VALUE);
    sink.onEvent(lifecycle(6, "f6", Status.STARTING, 0, 100));
    sink.flush();
    sink.close();

    assertThat(rows(Files.readString(file, StandardCharsets.UTF_8)))
        .extracting(row -> row.get(2))
        .containsExactly("filename", "f1", "f2", "f3", "f4", "f5", "f6");
  }
}
