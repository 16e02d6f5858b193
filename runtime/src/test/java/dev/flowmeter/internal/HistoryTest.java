// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The history file of operations: round trip, hostile files and names, bounds, racing savers. */
final class HistoryTest {
  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();

  @TempDir Path dir;

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void expected_beforeAnyHistory_isEmpty() {
    History history = History.load(dir.resolve("history.tsv"));

    assertThat(history.expected("install", "download")).isEmpty();
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void load_missingFile_isEmptyAndSilent() {
    History history = History.load(dir.resolve("no/such/folder/history.tsv"));

    assertThat(history.expected("install", "download")).isEmpty();
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void saveThenLoad_roundTrip_keepsEveryStage() {
    Path file = dir.resolve("sub/history.tsv");
    History history = History.load(file);
    history.record("install", "download", ms(83_000));
    history.record("install", "configure", ms(5_000));
    history.record("backup", "copy", ms(1_234));
    history.save();

    History again = History.load(file);

    assertThat(again.expected("install", "download")).contains(ms(83_000));
    assertThat(again.expected("install", "configure")).contains(ms(5_000));
    assertThat(again.expected("backup", "copy")).contains(ms(1_234));
    assertThat(again.expected("backup", "download")).isEmpty();
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void expected_meanOfFirstRuns_thenWeightedTowardTheNewest() {
    History history = History.load(dir.resolve("history.tsv"));
    history.record("op", "stage", ms(1_000));
    history.record("op", "stage", ms(2_000));
    history.record("op", "stage", ms(3_000));

    assertThat(history.expected("op", "stage")).contains(ms(2_000)); // the mean of three

    history.record("op", "stage", ms(12_000));

    assertThat(history.expected("op", "stage")).contains(ms(5_000)); // 2000 + 0.3 * 10000
  }

  @Test
  void expected_survivesRoundTripWithItsRunCount() {
    Path file = dir.resolve("history.tsv");
    History history = History.load(file);
    history.record("op", "stage", ms(1_000));
    history.record("op", "stage", ms(3_000));
    history.save();

    History again = History.load(file);
    again.record("op", "stage", ms(5_000));

    assertThat(again.expected("op", "stage")).contains(ms(3_000)); // (1000 + 3000 + 5000) / 3
  }

  @Test
  void record_negativeOrAbsurdDurations_areIgnored() {
    History history = History.load(dir.resolve("history.tsv"));
    history.record("op", "stage", ms(-1));
    history.record("op", "stage", History.MAX_DURATION.plusMillis(1));

    assertThat(history.expected("op", "stage")).isEmpty();

    history.record("op", "stage", History.MAX_DURATION);

    assertThat(history.expected("op", "stage")).contains(History.MAX_DURATION);
  }

  @Test
  void load_garbage_isEmptyWithOneLineNamingTheFile() throws IOException {
    Path file = dir.resolve("history.tsv");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', (byte) 0xc3});

    History history = History.load(file);
    History.load(file);

    assertThat(history.expected("op", "stage")).isEmpty();
    assertThat(said.lines()).hasSize(1);
    assertThat(said.lines().get(0)).startsWith("flowmeter: history file " + file + " is ignored");
  }

  @Test
  void load_corruptLines_areOneLineEach_andTheFileIsIgnored() throws IOException {
    Map<String, String> faults =
        Map.of(
            "truncated", History.HEADER + "\nop\tstage\t1000\n",
            "cut mid-field", History.HEADER + "\nop\tstage\t10",
            "bad number", History.HEADER + "\nop\tstage\t-5\t1\n",
            "zero runs", History.HEADER + "\nop\tstage\t5\t0\n",
            "unknown escape", History.HEADER + "\nop\\x\tstage\t5\t1\n",
            "no header", "op\tstage\t5\t1\n",
            "overflow", History.HEADER + "\nop\tstage\t99999999999999999999\t1\n",
            "absurd duration", History.HEADER + "\nop\tstage\t999999999999\t1\n");
    for (Map.Entry<String, String> fault : faults.entrySet()) {
      Path file = dir.resolve(fault.getKey().replace(' ', '-') + ".tsv");
      Files.writeString(file, History.HEADER + "\nkept\tstage\t7\t1\n", StandardCharsets.UTF_8);
      Files.writeString(file, fault.getValue(), StandardCharsets.UTF_8);

      History history = History.load(file);

      assertThat(history.expected("op", "stage")).as(fault.getKey()).isEmpty();
      assertThat(history.expected("kept", "stage")).as(fault.getKey()).isEmpty();
    }
    assertThat(said.lines()).hasSize(faults.size()).allMatch(l -> l.contains("is ignored"));
  }

  @Test
  void load_hugeFile_isRefusedWithoutReadingIt() throws IOException {
    Path file = dir.resolve("history.tsv");
    try (var channel =
        java.nio.channels.FileChannel.open(
            file,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(
          java.nio.ByteBuffer.wrap((History.HEADER + "\n").getBytes(StandardCharsets.UTF_8)),
          History.MAX_FILE_BYTES); // sparse: costs no disk
    }

    History history = History.load(file);

    assertThat(history.expected("op", "stage")).isEmpty();
    assertThat(said.lines()).singleElement().asString().contains("bytes, more than");
  }

  @Test
  void load_linkToDevZero_isIgnoredWithOneLine_neverAnEndlessLine() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    Path file = Files.createSymbolicLink(dir.resolve("history.tsv"), zero);

    History history = History.load(file);
    history.record("op", "stage", ms(1));
    history.save();

    assertThat(history.expected("op", "stage")).contains(ms(1));
    assertThat(said.lines()) // one line for the read and the save
        .singleElement()
        .asString()
        .contains("it is not a regular file (and not written)");
    assertThat(Files.isSymbolicLink(file)).as("the user's link is left alone").isTrue();
  }

  @Test
  void load_fifo_isIgnoredWithOneLine_neverBlocks() throws Exception {
    Path file = dir.resolve("history.tsv");
    assumeTrue(new ProcessBuilder("mkfifo", file.toString()).start().waitFor() == 0);

    History history = History.load(file); // opening a FIFO nobody writes would block for ever

    assertThat(history.expected("op", "stage")).isEmpty();
    assertThat(said.lines()).singleElement().asString().contains("it is not a regular file");
  }

  @Test
  void load_oneHugeLine_isRefusedAtItsBound() throws IOException {
    Path file = dir.resolve("history.tsv");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(History.HEADER + "\nop\t");
      out.write("a".repeat(History.MAX_LINE_CHARS)); // the bound is what the test can see
    }

    History history = History.load(file);

    assertThat(history.expected("op", "stage")).isEmpty();
    assertThat(said.lines())
        .singleElement()
        .asString()
        .contains("line 2 is longer than " + History.MAX_LINE_CHARS);
  }

  @Test
  void load_crlfLines_areRead() throws IOException {
    Path file = dir.resolve("history.tsv");
    Files.writeString(file, History.HEADER + "\r\nop\tstage\t7\t1\r\n", StandardCharsets.UTF_8);

    assertThat(History.load(file).expected("op", "stage")).contains(ms(7));
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void corruptFile_isWrittenAnewBySave() throws IOException {
    Path file = dir.resolve("history.tsv");
    Files.writeString(file, "garbage\n", StandardCharsets.UTF_8);
    History history = History.load(file);
    history.record("op", "stage", ms(42));
    history.save();

    assertThat(History.load(file).expected("op", "stage")).contains(ms(42));
  }

  @Test
  void save_folderThatIsAFile_isOneLineNeverAnException() throws IOException {
    Path notAFolder = dir.resolve("file");
    Files.writeString(notAFolder, "x", StandardCharsets.UTF_8);
    History history = History.load(notAFolder.resolve("history.tsv"));
    history.record("op", "stage", ms(1));

    history.save();
    history.save();

    // the load cannot read it either: JDK 17 says "Not a directory" (one line), JDK 25 finds no
    // file (nothing said); the save's failure is said once, however often it is tried
    String saveLine =
        "flowmeter: cannot save the history file "
            + notAFolder.resolve("history.tsv")
            + ": FileAlreadyExistsException: "
            + notAFolder
            + " (it is not updated)";
    List<String> lines = said.lines();
    assertThat(lines).endsWith(saveLine).hasSizeBetween(1, 2);
    if (lines.size() == 2) {
      assertThat(lines.get(0))
          .isEqualTo(
              "flowmeter: history file "
                  + notAFolder.resolve("history.tsv")
                  + " is ignored: FileSystemException: Not a directory (it is written anew)");
    }
    assertThat(Files.readString(notAFolder)).isEqualTo("x");
  }

  @Test
  void save_fileThatIsAFolder_isOneLine_andNoTemporaryFileStays() throws IOException {
    Path file = dir.resolve("history.tsv");
    Files.createDirectories(file.resolve("inside"));
    History history = History.load(file);
    history.record("op", "stage", ms(1));

    history.save();

    assertThat(said.lines()) // the read and the save said in one line
        .singleElement()
        .asString()
        .contains("history file " + file + " is ignored: it is not a regular file");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void save_readOnlyFolder_isOneLineAndLeavesTheFileAlone() throws IOException {
    Path folder = dir.resolve("ro");
    Files.createDirectory(folder);
    Path file = folder.resolve("history.tsv");
    History first = History.load(file);
    first.record("op", "stage", ms(10));
    first.save();
    String before = Files.readString(file);
    assumeTrue(folder.toFile().setWritable(false), "the folder can be made read-only");
    try {
      assumeTrue(!Files.isWritable(folder), "not running as root");
      History history = History.load(file);
      history.record("op", "stage", ms(99_999));

      history.save();

      assertThat(said.lines()).singleElement().asString().contains("cannot save");
      assertThat(Files.readString(file)).isEqualTo(before);
      try (var listing = Files.list(folder)) {
        assertThat(listing).containsExactly(file);
      }
    } finally {
      folder.toFile().setWritable(true);
    }
  }

  @Test
  void save_readOnlyFolderPermissions_posix() throws IOException {
    Path folder = dir.resolve("nowrite");
    try {
      Files.createDirectory(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "no POSIX permissions");
    }
    assumeTrue(!Files.isWritable(folder), "not running as root");
    History history = History.load(folder.resolve("deeper/history.tsv"));
    history.record("op", "stage", ms(1));

    history.save();

    assertThat(said.lines()).singleElement().asString().contains("cannot save");
    folder.toFile().setWritable(true);
  }

  @Test
  void bounds_201Operations_dropTheLeastRecentlyUsed() {
    Path file = dir.resolve("history.tsv");
    History history = History.load(file);
    for (int i = 0; i <= History.MAX_OPERATIONS; i++) {
      history.record("op" + i, "stage", ms(i));
      if (i == 10) {
        history.record("op0", "stage", ms(0)); // op0 used again: op1 is now the oldest
      }
    }
    history.save();
    History again = History.load(file);

    assertThat(again.expected("op1", "stage")).isEmpty();
    assertThat(again.expected("op0", "stage")).contains(ms(0));
    assertThat(again.expected("op2", "stage")).contains(ms(2));
    assertThat(again.expected("op" + History.MAX_OPERATIONS, "stage"))
        .contains(ms(History.MAX_OPERATIONS));
  }

  @Test
  void bounds_stagesPerOperation_andNameLength() throws IOException {
    Path file = dir.resolve("history.tsv");
    History history = History.load(file);
    for (int i = 0; i <= History.MAX_STAGES; i++) {
      history.record("op", "stage" + i, ms(i));
    }
    String longName = "n".repeat(Text.MAX_NAME_LENGTH * 5);
    history.record(longName, longName, ms(7));
    history.save();
    History again = History.load(file);

    assertThat(again.expected("op", "stage0")).isEmpty();
    assertThat(again.expected("op", "stage1")).contains(ms(1));
    assertThat(again.expected(longName, longName)).contains(ms(7));
    assertThat(Files.size(file)).isLessThan(2L * History.MAX_STAGES * 40 + 3 * 1024);
    assertThat(said.lines()).isEmpty();
  }

  @Test
  void names_withTabsNewlinesAndControlCharacters_roundTripWithoutBreakingTheFormat()
      throws IOException {
    Path file = dir.resolve("history.tsv");
    String op = "a\tb\nc\rd\\e\\t\u0000\u001b[31m\u2028\uD83D\uDE00";
    String stage = "\\\\\\n\t\t\n";
    History history = History.load(file);
    history.record(op, stage, ms(5));
    history.record("plain", "stage", ms(6));
    history.save();

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    History again = History.load(file);

    assertThat(lines).hasSize(3);
    assertThat(lines.subList(1, 3)).allMatch(l -> l.split("\t", -1).length == 4);
    assertThat(again.expected(op, stage)).contains(ms(5));
    assertThat(again.expected("plain", "stage")).contains(ms(6));
    assertThat(said.lines()).isEmpty();
    // `cat` of the file replays no escape sequence, no bidi override: they are written as \\u...
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text.chars().filter(c -> c != '\n' && c != '\t' && Character.isISOControl(c)))
        .isEmpty();
    assertThat(text).contains("\\u001b[31m").doesNotContain("\u2028");
  }

  @Test
  void load_malformedUnicodeEscape_isOneLine() throws IOException {
    Path file = dir.resolve("history.tsv");
    Files.writeString(file, History.HEADER + "\nop\\u00zz\tstage\t5\t1\n", StandardCharsets.UTF_8);

    assertThat(History.load(file).expected("op\u0000", "stage")).isEmpty();
    assertThat(said.lines()).singleElement().asString().contains("malformed");
  }

  @Test
  void save_twoSaversRacing_theFileIsAlwaysOneCompleteVersion() throws Exception {
    Path file = dir.resolve("history.tsv");
    History a = History.load(file);
    History b = History.load(file);
    for (int i = 0; i < History.MAX_STAGES; i++) {
      a.record("a", "stage" + i, ms(1));
      b.record("b", "stage" + i, ms(2));
    }
    a.save();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> savers = new ArrayList<>();
    for (History h : List.of(a, b)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < 200; i++) {
                    h.save();
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      t.start();
      savers.add(t);
    }
    go.countDown();
    int reads = 0;
    while (savers.stream().anyMatch(Thread::isAlive) || reads < 50) {
      History read = History.load(file);
      boolean whole =
          read.expected("a", "stage" + (History.MAX_STAGES - 1)).equals(Optional.of(ms(1)))
              && read.expected("a", "stage0").isPresent()
              && read.expected("b", "stage0").isEmpty();
      boolean other =
          read.expected("b", "stage" + (History.MAX_STAGES - 1)).equals(Optional.of(ms(2)))
              && read.expected("b", "stage0").isPresent()
              && read.expected("a", "stage0").isEmpty();
      assertThat(whole || other).as("read " + reads + " is one whole version").isTrue();
      reads++;
    }
    for (Thread t : savers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(said.lines()).isEmpty();
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void path_fromConfig_defaultNoneAndValue() {
    Config unset = Config.load(Map.of(), Map.of());
    Config none = Config.load(Map.of(ConfigKeys.HISTORY, "NONE"), Map.of());
    Config env = Config.load(Map.of(), Map.of("FLOWMETER_HISTORY", dir + "/h.tsv"));

    assertThat(History.path(unset))
        .contains(Path.of(System.getProperty("user.home"), ".flowmeter", "history.tsv"));
    assertThat(History.path(none)).isEmpty();
    assertThat(History.path(env)).contains(dir.resolve("h.tsv"));
  }

  @Test
  void path_notAPath_isReportedAndTheDefaultUsed() {
    Config config = Config.load(Map.of(ConfigKeys.HISTORY, "a\u0000b"), Map.of());

    assertThat(History.path(config))
        .contains(Path.of(System.getProperty("user.home"), ".flowmeter", "history.tsv"));
    assertThat(said.lines()).singleElement().asString().contains("flowmeter.history");
  }
}
