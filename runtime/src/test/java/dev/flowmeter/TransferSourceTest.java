// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.flowmeter.internal.OperationImpl;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.io.StreamFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every transfer says which path made it ({@link ProgressEvent#source()}) and which way its bytes
 * move ({@link ProgressEvent#direction()}): the public API and the tracked calls here; the process
 * path in {@code TrackedProcessTest}, the generated code in the processor's {@code LifecycleTest},
 * the agent's paths in its forked tests.
 */
final class TransferSourceTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private static ProgressEvent of(Object wrapped) {
    return Flowmeter.transferOf(wrapped).orElseThrow().snapshot();
  }

  private static void assertMade(ProgressEvent event, String source, Direction direction) {
    assertThat(event.source()).as("source of %s", event).isEqualTo(source);
    assertThat(event.direction()).as("direction of %s", event).isEqualTo(direction);
  }

  @Test
  void api_wrappers_readOrWriteByTheirSide(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("f.bin"), new byte[10]);
    assertMade(
        of(tracker.builder().wrap(new ByteArrayInputStream(new byte[1]))), "api", Direction.READ);
    assertMade(of(tracker.builder().wrap(new ByteArrayOutputStream())), "api", Direction.WRITE);
    assertMade(of(tracker.builder().wrap(new StringReader("x"))), "api", Direction.READ);
    assertMade(of(tracker.builder().wrap(new StringWriter())), "api", Direction.WRITE);
    try (FileChannel channel = FileChannel.open(file)) {
      assertMade(of(tracker.builder().wrapReading(channel)), "api", Direction.READ);
      assertMade(
          of(tracker.builder().wrap(Channels.newChannel(new ByteArrayOutputStream()))),
          "api",
          Direction.WRITE);
    }
    assertMade(of(tracker.builder().wrap(List.of(1).iterator())), "api", Direction.UNKNOWN);
  }

  @Test
  void api_byHand_isUnknown_unlessTheOperationWordOrTheCallerSays() {
    assertMade(tracker.builder().start().snapshot(), "api", Direction.UNKNOWN);
    assertMade(
        tracker.builder().operation("encode").pending().snapshot(), "api", Direction.UNKNOWN);
    assertMade(tracker.builder().operation("Download").start().snapshot(), "api", Direction.READ);
    assertMade(tracker.builder().operation("upload").start().snapshot(), "api", Direction.WRITE);
    assertMade(
        tracker.builder().direction(Direction.WRITE).start().snapshot(), "api", Direction.WRITE);
    assertThatNullPointerException().isThrownBy(() -> tracker.builder().direction(null));
  }

  @Test
  void api_theOperationWordOutranksTheSide_andTheCallerOutranksBoth() {
    // an upload reads its file as the bytes go out: they go out
    InputStream upload =
        tracker.builder().operation("upload").wrap(new ByteArrayInputStream(new byte[1]));
    assertMade(of(upload), "api", Direction.WRITE);
    OutputStream download =
        tracker.builder().operation("download").wrap(new ByteArrayOutputStream());
    assertMade(of(download), "api", Direction.READ);
    InputStream told =
        tracker
            .builder()
            .operation("upload")
            .direction(Direction.UNKNOWN)
            .wrap(new ByteArrayInputStream(new byte[1]));
    assertMade(of(told), "api", Direction.UNKNOWN);
  }

  @Test
  void api_iterableWrapper_keepsTheDirectionForEachIterator() {
    Iterable<Integer> items = tracker.builder().direction(Direction.READ).wrap(List.of(1, 2));
    assertMade(of(items.iterator()), "api", Direction.READ);
  }

  @Test
  void everyEventOfATransfer_carriesItsSourceAndDirection() {
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    Transfer t = tracker.builder().operation("upload").listener(events::add).start();
    t.advance(3);
    tracker.sample();
    t.complete();
    tracker.shutdown();

    assertThat(events).hasSizeGreaterThanOrEqualTo(2);
    assertThat(events).allSatisfy(e -> assertMade(e, "api", Direction.WRITE));
  }

  @Test
  void operationsStagesGroupsAndFiles_areApi_theirDirectionTheirWord() {
    Operation operation = OperationImpl.start(tracker, "deploy");
    Stage stage = operation.addStage("build");
    assertMade(operation.snapshot(), "api", Direction.UNKNOWN);
    assertMade(stage.snapshot(), "api", Direction.UNKNOWN);
    FileGroup group = new FileGroup.Builder(tracker, "photos").operation("upload").start();
    GroupFile file = group.addFile("a.jpg", 10);
    assertMade(group.snapshot(), "api", Direction.WRITE);
    assertMade(file.snapshot(), "api", Direction.WRITE);
    FileGroup plain = new FileGroup.Builder(tracker, "batch").start();
    assertMade(plain.snapshot(), "api", Direction.UNKNOWN); // its word, "group", says nothing
  }

  @Test
  void trackedCall_isTracked_directionFromItsFirstCountedParameter() throws Exception {
    TrackedCall reads = TrackedCall.begin(tracker, "checksum", "a", -1);
    reads.reading(new ByteArrayInputStream(new byte[1]));
    reads.writing(new ByteArrayOutputStream()); // the first side counted stays
    assertMade(reads.transfer().orElseThrow().snapshot(), "tracked", Direction.READ);
    reads.returned();

    TrackedCall writes = TrackedCall.begin(tracker, "render", "b", -1);
    writes.writing(new ByteArrayOutputStream());
    assertMade(writes.transfer().orElseThrow().snapshot(), "tracked", Direction.WRITE);
    writes.returned();

    TrackedCall returns = TrackedCall.begin(tracker, "open", "c", -1);
    returns.result(new ByteArrayInputStream(new byte[1])).close();
    assertMade(returns.transfer().orElseThrow().snapshot(), "tracked", Direction.READ);

    TrackedCall upload = TrackedCall.begin(tracker, "upload", "d", -1);
    upload.reading(new ByteArrayInputStream(new byte[1]));
    assertMade(upload.transfer().orElseThrow().snapshot(), "tracked", Direction.WRITE);
    upload.returned();

    TrackedCall none = TrackedCall.begin(tracker, "compute", "e", -1);
    none.returned();
    assertMade(none.transfer().orElseThrow().snapshot(), "tracked", Direction.UNKNOWN);
  }

  @Test
  void trackedCall_parameterCountedAlready_leavesTheDirection() throws Exception {
    InputStream counted = tracker.builder().wrap(new ByteArrayInputStream(new byte[1]));
    TrackedCall call = TrackedCall.begin(tracker, "compute", "f", -1);
    call.writing(tracker.builder().wrap(new ByteArrayOutputStream()));
    call.reading(counted);
    assertMade(call.transfer().orElseThrow().snapshot(), "tracked", Direction.UNKNOWN);
    call.returned();
  }

  @Test
  void trackedCall_byTheAgent_isAgentTracked() {
    TrackedCall call = TrackedCall.beginFrom("agent.tracked", "read", "g", -1);
    try {
      assertMade(call.transfer().orElseThrow().snapshot(), "agent.tracked", Direction.READ);
    } finally {
      call.returned();
    }
  }

  @Test
  void internalBuilder_namesItsPath() {
    assertMade(
        tracker.builder("agent.file").operation("read").start().snapshot(),
        "agent.file",
        Direction.READ);
  }
}
