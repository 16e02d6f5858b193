// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowmeter.agent.cancel}: what a user's cancel of an agent transfer (by id, through a
 * sink's control) does to the JDK's stream behind it, on every kind of stream the agent counts
 * ({@link CancelProgram}): with {@code mark}, the default, the stream goes on; with {@code
 * interrupt}, its next read, write or {@code transferTo} throws {@code InterruptedIOException}
 * naming the transfer and the reason, and what was written stays. In both modes the cancellation
 * Flowmeter makes at JVM shutdown never makes the application's I/O throw.
 */
final class CancelTest {
  private static final List<String> KINDS =
      List.of("stream", "transferTo", "write", "raf", "channel", "gunzip", "zipEntry");

  @TempDir Path dir;

  @Test
  void interrupt_nextCallThrowsNamingTheTransfer_writtenDataStays_shutdownNeverThrows()
      throws Exception {
    Path csv = dir.resolve("interrupt.csv");
    Forked run = run("flowmeter.agent.cancel=interrupt", csv);

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.runtimeLines()).isEmpty();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    for (String kind : KINDS) {
      String name = dir.resolve(kind.equals("write") ? "target.bin" : "source.bin").toString();
      String operation = kind.equals("write") ? "write" : "read";
      if (kind.equals("gunzip")) {
        name = dir.resolve("source.gz (gunzip)").toString();
      } else if (kind.equals("zipEntry")) {
        name = "entry.bin";
        operation = "extract";
      }
      String threw =
          Pattern.quote(
                  "threw java.io.InterruptedIOException: transfer cancelled: by test ("
                      + operation
                      + " "
                      + name
                      + ", transfer ")
              + "\\d+\\)";
      String line =
          Pattern.quote(kind + ": ") + threw + Pattern.quote(" | ") + threw + " \\| close ok";
      assertThat(lines).as(kind).anySatisfy(l -> assertThat(l).matches(line));
    }
    assertThat(lines).contains("written: " + 2 * CancelProgram.PART);
    assertThat(lines).contains("shutdown: CANCELLED, then moved " + 3 * CancelProgram.PART);
    assertCancelledAtTheCancel(csv);
  }

  @Test
  void mark_theDefault_streamsGoOn_theTransferStopsCounting() throws Exception {
    Path csv = dir.resolve("mark.csv");
    Forked run = run(null, csv);

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.runtimeLines()).isEmpty();
    assertThat(run.out).isEqualTo(markOutput());
    assertCancelledAtTheCancel(csv);
  }

  @Test
  void malformedValue_saidOnce_theDefaultApplies() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Forked run = run("flowmeter.agent.cancel=stop", csv);

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.runtimeLines())
        .containsExactly(
            "flowmeter: flowmeter.agent.cancel: 'stop' is not a cancel mode (accepted: mark,"
                + " interrupt); using mark");
    assertThat(run.out).isEqualTo(markOutput());
  }

  /** What {@link CancelProgram} prints when the streams go on after the cancel. */
  private static String markOutput() {
    int part = CancelProgram.PART;
    return String.join(
        "\n",
        "stream: moved 8192 | moved 1 | close ok",
        "transferTo: moved " + (CancelProgram.SIZE - part) + " | moved -1 | close ok",
        "write: moved 8192 | moved 1 | close ok",
        "written: " + (2 * part + 8192 + 1),
        "raf: moved 8192 | moved 1 | close ok",
        "channel: moved 8192 | moved " + part + " | close ok",
        "gunzip: moved 8192 | moved 1 | close ok",
        "zipEntry: moved 8192 | moved 1 | close ok",
        "shutdown: CANCELLED, then moved " + (CancelProgram.SIZE - part),
        "");
  }

  /**
   * Every cancelled transfer's last row: {@code cancelled}, with what moved before the cancel
   * (reads of 1 MiB and more, the write of 2 MiB), never what the stream moved after it.
   */
  private static void assertCancelledAtTheCancel(Path csv) throws Exception {
    List<String[]> cancelled =
        Csv.finals(csv).stream()
            .filter(r -> r[Csv.STATUS].equals(Csv.CANCELLED))
            .collect(Collectors.toList());
    // five reads of source.bin (four cancelled by id, one at shutdown), the write, the gunzip, the
    // zip entry
    assertThat(cancelled).hasSize(8);
    assertThat(cancelled)
        .filteredOn(r -> r[Csv.NAME].endsWith("source.bin"))
        .hasSize(5)
        .allSatisfy(r -> assertThat(r[Csv.BYTES]).isEqualTo(String.valueOf(CancelProgram.PART)));
    assertThat(cancelled)
        .filteredOn(r -> r[Csv.NAME].endsWith("target.bin"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.BYTES]).isEqualTo(String.valueOf(2 * CancelProgram.PART)));
    assertThat(cancelled)
        .filteredOn(r -> r[Csv.NAME].endsWith("(gunzip)"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(Long.parseLong(r[Csv.BYTES]))
                    .isBetween(1L * CancelProgram.PART, 1L * CancelProgram.PART + 8192));
  }

  private Forked run(String cancel, Path csv) throws Exception {
    return Forked.run(
        dir,
        "flowmeter.sinks=test-control,csv:" + csv + (cancel == null ? "" : ";" + cancel),
        Forked.classPath(),
        CancelProgram.class.getName(),
        dir.toString());
  }
}
