// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.sinks.FullDiskChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole lines whatever the disk does: a full disk, another appender, a pipe, a bound. */
final class LineFileTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("lines.txt");
  }

  private String text() throws IOException {
    return Files.readString(file(), StandardCharsets.UTF_8);
  }

  /** {@code count} lines of ten bytes each: {@code l00000001\n}, {@code l00000002\n}... */
  private static List<String> lines(int from, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String digits = Integer.toString(i);
      lines.add("l" + "0".repeat(8 - digits.length()) + digits + "\n");
    }
    return lines;
  }

  private static void addAll(LineFile file, List<String> lines) {
    lines.forEach(file::add);
  }

  @Test
  void write_fullDiskPartWayThroughALine_leavesTheFileEndingWithAWholeLine() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 25);
    LineFile file = new LineFile(file(), disk);
    addAll(file, lines(1, 5));

    assertThatThrownBy(file::write)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write to " + file() + ": No space left on device")
        .hasMessageNotContaining("\n")
        .cause()
        .hasMessage("No space left on device")
        .hasNoCause();
    assertThat(text()).isEqualTo("l00000001\nl00000002\n");
  }

  @Test
  void write_afterSpaceIsFreed_writesEveryLineOnceAndInOrder() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 25);
    LineFile file = new LineFile(file(), disk);
    addAll(file, lines(1, 5));
    assertThatThrownBy(file::write).isInstanceOf(IOException.class);
    addAll(file, lines(6, 1)); // the next batch

    disk.capacity(1_000);
    file.write();

    assertThat(text()).isEqualTo(String.join("", lines(1, 6)));
  }

  @Test
  void add_neverThrows_andAFullDiskCostsOneTryPerBatch() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 0);
    LineFile file = new LineFile(file(), disk);

    addAll(file, lines(0, 3 * LineFile.CHUNK / 10)); // three chunks' worth in one batch

    assertThat(disk.failedWrites).isEqualTo(1); // the first chunk; then it waits for the batch end
    assertThatThrownBy(file::write).isInstanceOf(IOException.class);
    assertThat(disk.failedWrites).isEqualTo(2);
  }

  @Test
  void add_longBatch_isWrittenInChunksOfWholeLines() throws IOException {
    LineFile file = LineFile.open(file());

    addAll(file, lines(0, LineFile.CHUNK / 10 + 1));

    assertThat(Files.size(file())).isEqualTo((LineFile.CHUNK / 10 + 1) * 10L); // before write()
  }

  @Test
  void whileFailing_linesBeyondTheBoundAreDroppedAndCounted() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 0);
    LineFile file = new LineFile(file(), disk);
    int fitting = LineFile.MAX_WAITING / 10;
    addAll(file, lines(0, 1));
    assertThatThrownBy(file::write).isInstanceOf(IOException.class);

    addAll(file, lines(1, fitting + 99));

    assertThatThrownBy(file::write).hasMessageEndingWith(", 100 lines were dropped)");
    disk.capacity(Long.MAX_VALUE);
    file.write();
    assertThat(text()).isEqualTo(String.join("", lines(0, fitting)));
  }

  @Test
  void anotherAppenderAfterAFailure_nextWriteStartsOnALineOfItsOwn() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 25);
    disk.intruder("OTHER");
    LineFile file = new LineFile(file(), disk);
    addAll(file, lines(1, 5));
    assertThatThrownBy(file::write).isInstanceOf(IOException.class);

    disk.capacity(1_000);
    file.write();

    assertThat(text().split("\n", -1))
        .containsExactly(
            "l00000001", "l00000002", "l0000OTHER", "l00000003", "l00000004", "l00000005", "");
  }

  @Test
  void pipeOrDevice_nextWriteContinuesTheLineWhereItStopped() throws IOException {
    Path device = Path.of("/dev/null");
    assumeTrue(Files.exists(device) && !Files.isRegularFile(device), "needs /dev/null");
    FullDiskChannel disk = new FullDiskChannel(file(), 25);
    LineFile file = new LineFile(device, disk); // a file that cannot be cut back

    addAll(file, lines(1, 5));
    assertThatThrownBy(file::write).hasMessageStartingWith("cannot write to /dev/null: ");
    assertThat(text()).isEqualTo("l00000001\nl00000002\nl0000");
    disk.capacity(1_000);
    file.write();

    assertThat(text()).isEqualTo(String.join("", lines(1, 5)));
  }

  @Test
  void loneSurrogate_becomesAQuestionMark() throws IOException {
    LineFile file = LineFile.open(file());

    file.add("bad\ud800name\n");
    file.close();

    assertThat(text()).isEqualTo("bad?name\n");
  }

  @Test
  void close_writesWhatWaits_andClosesTheFileEvenWhenTheWriteFails() throws IOException {
    FullDiskChannel disk = new FullDiskChannel(file(), 15);
    LineFile file = new LineFile(file(), disk);
    addAll(file, lines(1, 2));

    assertThatThrownBy(file::close).isInstanceOf(IOException.class);

    assertThat(disk.isOpen()).isFalse();
    assertThat(text()).isEqualTo("l00000001\n");
  }

  @Test
  void open_directory_isRefusedWithItsName() {
    assertThatThrownBy(() -> LineFile.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " is a directory, not a file");
  }
}
