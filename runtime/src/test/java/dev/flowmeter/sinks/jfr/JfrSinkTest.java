// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.LiveTransfers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code jfr} sink, read back from a recording dumped to a file. */
final class JfrSinkTest {
  private static final String HOSTILE =
      "a\u001b[2J\"q\",\n<img src=x onerror=alert(1)>*?=:\u0000" + "x".repeat(10_000);

  @TempDir Path dir;

  private final List<JfrSink> sinks = new ArrayList<>();

  @AfterEach
  void close() {
    sinks.forEach(JfrSink::close);
  }

  private JfrSink sink(LiveTransfers transfers) throws IOException {
    JfrSink sink = JfrSink.create(transfers);
    sinks.add(sink);
    return sink;
  }

  private static ProgressEvent started(long id, String name) {
    return event(id, name, Status.STARTING, true, 0, 1000, 0).build();
  }

  private static ProgressEvent ended(long id, String name, Status status, long bytes) {
    return event(id, name, status, true, bytes, 1000, 2)
        .elapsed(Duration.ofMillis(2500))
        .averageSpeed(bytes / 2.5)
        .error(status == Status.FAILED ? "Connection reset" : null)
        .build();
  }

  private List<RecordedEvent> events(Recording recording, String name) throws IOException {
    Path file = dir.resolve(name + System.nanoTime() + ".jfr");
    recording.dump(file);
    List<RecordedEvent> found = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (e.getEventType().getName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  @Test
  void transfer_oneEventPerEnd_withEveryField_spanningTheTransfer() throws IOException {
    try (Recording recording = new Recording()) {
      recording.enable(TransferEvent.NAME);
      recording.start();
      JfrSink sink = sink(LiveTransfers.none());
      sink.onEvent(started(1, "report.pdf"));
      sink.onEvent(started(2, "backup.tar"));
      sink.onEvent(event(1, "report.pdf", Status.IN_PROGRESS, false, 500, 1000, 1).build());
      sink.onEvent(ended(1, "report.pdf", Status.COMPLETED, 1000));
      sink.onEvent(ended(2, "backup.tar", Status.FAILED, 400));
      recording.stop();

      List<RecordedEvent> events = events(recording, TransferEvent.NAME);
      assertThat(events).hasSize(2);
      RecordedEvent done = events.stream().filter(e -> e.getLong("id") == 1).findFirst().get();
      assertThat(done.getString("operation")).isEqualTo("upload");
      assertThat(done.getString("name")).isEqualTo("report.pdf");
      assertThat(done.getString("unit")).isEqualTo("bytes");
      assertThat(done.getLong("bytes")).isEqualTo(1000);
      assertThat(done.getLong("total")).isEqualTo(1000);
      assertThat(done.getDuration("elapsed")).isEqualTo(Duration.ofMillis(2500));
      assertThat(done.getDouble("averageSpeed")).isEqualTo(400.0);
      assertThat(done.getString("status")).isEqualTo("completed");
      assertThat(done.getString("error")).isNull();
      assertThat(done.getStackTrace()).isNull();
      assertThat(done.getEventType().getCategoryNames()).containsExactly("Flowmeter");
      // begun when its start reached the sink, so the event spans what the recording saw of it
      assertThat(done.getDuration()).isPositive();
      RecordedEvent failed = events.stream().filter(e -> e.getLong("id") == 2).findFirst().get();
      assertThat(failed.getString("status")).isEqualTo("failed");
      assertThat(failed.getString("error")).isEqualTo("Connection reset");
      assertThat(failed.getLong("bytes")).isEqualTo(400);
    }
  }

  @Test
  void transfer_unknownTotal_isNotAvailable_notMinusOne() throws IOException {
    try (Recording recording = new Recording()) {
      recording.enable(TransferEvent.NAME);
      recording.start();
      JfrSink sink = sink(LiveTransfers.none());
      sink.onEvent(event(3, "stream", Status.STARTING, true, 0, -1, 0).build());
      sink.onEvent(event(3, "stream", Status.CANCELLED, true, 77, -1, 1).error("stop").build());
      recording.stop();

      RecordedEvent e = events(recording, TransferEvent.NAME).get(0);
      assertThat(e.getLong("total")).isEqualTo(Long.MIN_VALUE); // shown as N/A
      assertThat(e.getString("status")).isEqualTo("cancelled");
      assertThat(e.getString("error")).isEqualTo("stop");
    }
  }

  @Test
  void transfer_startedBeforeTheRecording_isRecordedAtItsEnd() throws IOException {
    try (Recording first = new Recording()) {
      first.start(); // JFR runs, but this recording does not want our events
      first.disable(TransferEvent.NAME);
      JfrSink sink = sink(LiveTransfers.none());
      sink.onEvent(started(4, "long.iso"));
      try (Recording recording = new Recording()) {
        recording.enable(TransferEvent.NAME);
        recording.start();
        sink.onEvent(ended(4, "long.iso", Status.COMPLETED, 1000));
        recording.stop();

        RecordedEvent e = events(recording, TransferEvent.NAME).get(0);
        assertThat(e.getLong("id")).isEqualTo(4);
        assertThat(e.getDuration("elapsed")).isEqualTo(Duration.ofMillis(2500));
      }
    }
  }

  @Test
  void nothingRecorded_whenTheRecordingDisablesTheEvents() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    try (Recording recording = new Recording()) {
      recording.disable(TransferEvent.NAME);
      recording.disable(TransferProgressEvent.NAME);
      recording.enable("jdk.JVMInformation"); // the file holds something
      recording.start();
      JfrSink sink = sink(transfers(asked, List.of(running(5, "a", 10, 100))));
      sink.onEvent(started(5, "a"));
      sink.onEvent(ended(5, "a", Status.COMPLETED, 1000));
      recording.stop();

      assertThat(events(recording, TransferEvent.NAME)).isEmpty();
      assertThat(events(recording, TransferProgressEvent.NAME)).isEmpty();
      assertThat(events(recording, "jdk.JVMInformation")).isNotEmpty();
      assertThat(asked).hasValue(0); // the progress hook never ran
    }
  }

  @Test
  void progress_eachRunningTransfer_everyPeriod_withItsSnapshot() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    List<ProgressEvent> snapshots =
        List.of(
            running(6, "big.bin", 250, 1000),
            running(7, "stream", 40, -1),
            event(8, "queued", Status.PENDING, true, 0, 10, 0).build(),
            ended(9, "done", Status.COMPLETED, 1000));
    try (Recording recording = new Recording()) {
      recording.enable(TransferProgressEvent.NAME).withPeriod(Duration.ofMillis(50));
      recording.start();
      JfrSink sink = sink(transfers(asked, snapshots));
      sink.onEvent(started(6, "big.bin")); // its thread registers the hook
      for (int i = 0; i < 500 && asked.get() < 2; i++) {
        Thread.sleep(10);
      }
      assertThat(asked.get()).as("periodic hook calls").isGreaterThanOrEqualTo(2);
      recording.stop();

      List<RecordedEvent> events = events(recording, TransferProgressEvent.NAME);
      assertThat(events).extracting(e -> e.getLong("id")).contains(6L, 7L).doesNotContain(8L, 9L);
      RecordedEvent big = events.stream().filter(e -> e.getLong("id") == 6).findFirst().get();
      assertThat(big.getString("name")).isEqualTo("big.bin");
      assertThat(big.getString("operation")).isEqualTo("upload");
      assertThat(big.getLong("bytes")).isEqualTo(250);
      assertThat(big.getLong("total")).isEqualTo(1000);
      assertThat(big.getDouble("percent")).isEqualTo(0.25);
      assertThat(big.getDouble("speed")).isEqualTo(125.0);
      assertThat(big.getDuration("eta")).isEqualTo(Duration.ofSeconds(6));
      assertThat(big.getString("status")).isEqualTo("in_progress");
      RecordedEvent unknown = events.stream().filter(e -> e.getLong("id") == 7).findFirst().get();
      assertThat(unknown.getLong("total")).isEqualTo(Long.MIN_VALUE);
      assertThat(unknown.getDouble("percent")).isNaN();
      assertThat(unknown.getLong("eta")).isEqualTo(Long.MIN_VALUE);
    }
  }

  @Test
  void hostileName_isRecordedExactly() throws IOException {
    try (Recording recording = new Recording()) {
      recording.enable(TransferEvent.NAME);
      recording.start();
      JfrSink sink = sink(LiveTransfers.none());
      sink.onEvent(started(10, HOSTILE));
      sink.onEvent(ended(10, HOSTILE, Status.FAILED, 1));
      recording.stop();

      RecordedEvent e = events(recording, TransferEvent.NAME).get(0);
      assertThat(e.getString("name")).isEqualTo(HOSTILE);
    }
  }

  @Test
  void close_removesTheProgressHook() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (Recording recording = new Recording()) {
      recording.enable(TransferProgressEvent.NAME).withPeriod(Duration.ofMillis(20));
      recording.start();
      JfrSink sink = sink(transfers(asked, List.of(running(11, "a", 1, 2))));
      sink.onEvent(started(11, "a"));
      for (int i = 0; i < 500 && asked.get() < 1; i++) {
        Thread.sleep(10);
      }
      sink.close();
      int afterClose = asked.get();
      // a period is 20 ms: ten of them pass, and a removed hook is not called in any
      Thread.sleep(200);
      assertThat(asked.get()).isLessThanOrEqualTo(afterClose + 1);
    }
  }

  private static ProgressEvent running(long id, String name, long bytes, long total) {
    return event(id, name, Status.IN_PROGRESS, false, bytes, total, 1)
        .speed(125.0)
        .eta(total < 0 ? null : Duration.ofSeconds(6))
        .build();
  }

  /** A view of {@code snapshots}, counting how often all() is asked. */
  private static LiveTransfers transfers(AtomicInteger asked, List<ProgressEvent> snapshots) {
    return new LiveTransfers() {
      @Override
      public List<ProgressEvent> all() {
        asked.incrementAndGet();
        return snapshots;
      }

      @Override
      public Optional<ProgressEvent> find(long id) {
        return snapshots.stream().filter(e -> e.transferId() == id).findFirst();
      }

      @Override
      public boolean cancel(long id, String reason) {
        return false;
      }
    };
  }
}
