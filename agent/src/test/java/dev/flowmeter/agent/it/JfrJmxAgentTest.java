// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's {@code jfr} and {@code jmx} sinks under the agent, on programs that only copy or
 * read files: their event classes and beans work from the bootstrap class path, and neither JFR's
 * events nor JMX is touched unless its sink is configured (and, for JFR, a recording has started).
 */
final class JfrJmxAgentTest {
  private static final int SIZE = 4 << 20;

  @TempDir Path dir;

  private Path source() throws Exception {
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[SIZE]);
    return source;
  }

  private static List<RecordedEvent> events(Path recording, String type, String name)
      throws Exception {
    List<RecordedEvent> found = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (e.getEventType().getName().equals(type) && name.equals(e.getString("name"))) {
        found.add(e);
      }
    }
    return found;
  }

  @Test
  void jfr_recordsTheCopyAndItsProgress_fromTheBootClassPath() throws Exception {
    Path source = source();
    Path target = dir.resolve("target.bin");
    Path recording = dir.resolve("run.jfr");
    Forked run =
        Forked.runWith(
            dir,
            List.of("-XX:StartFlightRecording:filename=" + recording),
            "flowmeter.sinks=jfr",
            Forked.classPath(),
            JfrProgram.class.getName(),
            source.toString(),
            target.toString(),
            "2500");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("copied " + SIZE + " flushed true");
    assertThat(run.runtimeLines()).isEmpty();
    List<RecordedEvent> read = events(recording, "dev.flowmeter.Transfer", source.toString());
    assertThat(read).hasSize(1);
    RecordedEvent copy = read.get(0);
    assertThat(copy.getString("operation")).isEqualTo("read");
    assertThat(copy.getLong("bytes")).isEqualTo(SIZE);
    assertThat(copy.getLong("total")).isEqualTo(SIZE);
    assertThat(copy.getString("status")).isEqualTo("completed");
    assertThat(copy.getDuration("elapsed")).isPositive();
    assertThat(copy.getDuration()).as("the span the recording saw").isPositive();
    assertThat(events(recording, "dev.flowmeter.Transfer", target.toString()))
        .singleElement()
        .extracting(e -> e.getString("operation"))
        .isEqualTo("write");
    List<RecordedEvent> progress =
        events(recording, "dev.flowmeter.TransferProgress", source.toString());
    assertThat(progress).isNotEmpty();
    assertThat(progress)
        .allSatisfy(
            e -> {
              assertThat(e.getLong("total")).isEqualTo(SIZE);
              assertThat(e.getLong("bytes")).isBetween(0L, (long) SIZE);
              assertThat(e.getLong("id")).isEqualTo(copy.getLong("id"));
            });
  }

  @Test
  void jfr_withoutARecording_loadsNoEventClass_andWithoutTheSinks_noJfrNorJmx() throws Exception {
    String loaded = classesLoaded("flowmeter.sinks=jfr", "jfr");
    assertThat(loaded).contains("dev.flowmeter.sinks.jfr.JfrSink ");
    assertThat(loaded)
        .doesNotContain("dev.flowmeter.sinks.jfr.TransferEvent")
        .doesNotContain("dev.flowmeter.sinks.jfr.TransferProgressEvent");

    String plain = classesLoaded("flowmeter.sinks=csv:" + dir.resolve("rows.csv"), "csv");
    assertThat(plain).contains("dev.flowmeter.sinks.CsvSink ");
    assertThat(plain)
        .doesNotContain("dev.flowmeter.sinks.jfr.JfrSink ")
        .doesNotContain("dev.flowmeter.sinks.jmx.JmxSink ")
        .doesNotContain(" jdk.jfr.")
        .doesNotContain(" javax.management.");
  }

  /**
   * The classes {@link JfrProgram} loads, copying without pause, under the agent with {@code
   * arguments}.
   */
  private String classesLoaded(String arguments, String run) throws Exception {
    Path log = dir.resolve(run + "-classes.log");
    Forked forked =
        Forked.runWith(
            dir,
            List.of("-Xlog:class+load=info:file=" + log),
            arguments,
            Forked.classPath(),
            JfrProgram.class.getName(),
            source().toString(),
            dir.resolve(run + ".bin").toString(),
            "0");
    assertThat(forked.exit).as(forked.err).isZero();
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void jmx_beanReadFromInside_andItsCancelStopsTheStream() throws Exception {
    Path source = source();
    Forked run =
        Forked.runWithDefaults(
            dir,
            "flowmeter.sinks=jmx;flowmeter.sink.jmx.interval=100ms;flowmeter.agent.cancel=interrupt",
            Forked.classPath(),
            JmxProgram.class.getName(),
            source.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out)
        .contains("read " + (1 << 20))
        .containsPattern("bean dev\\.flowmeter:type=Transfer,id=\\d+")
        .contains("Name = " + source)
        .contains("Operation = read")
        .contains("TotalBytes = " + SIZE)
        .contains("Status = in_progress")
        .containsPattern("active [1-9]")
        .contains("cancel true")
        .contains(
            "read threw java.io.InterruptedIOException: transfer cancelled: cancelled through JMX"
                + " (read "
                + source)
        .contains("then Status = cancelled");
    assertThat(run.runtimeLines()).isEmpty();
  }
}
