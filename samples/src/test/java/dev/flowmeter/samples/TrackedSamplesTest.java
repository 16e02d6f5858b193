// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code @Tracked} samples, compiled by the processor in this build, and checks what
 * reached a listener and the CSV sink this JVM is configured with ({@code flowmeter.sinks=csv:...}
 * in the samples pom): totals, operation, name and final status for a normal return, an exception
 * and a cancellation.
 */
final class TrackedSamplesTest {
  private static final int SIZE = 300_000;

  private final List<ProgressEvent> lifecycle = new ArrayList<>();
  private final ProgressListener recorder =
      event -> {
        if (event.isLifecycle()) {
          synchronized (lifecycle) {
            lifecycle.add(event);
          }
        }
      };
  private final StorageClient client = new StorageClient_Tracked();
  private final String key = "object-" + UUID.randomUUID();

  @BeforeAll
  static void requireCsvSink() {
    // the pom's tracked-samples execution sets it; a -Dtest run in the default execution skips
    assumeTrue(
        String.valueOf(System.getProperty("flowmeter.sinks")).startsWith("csv:"),
        "runs in the tracked-samples surefire execution, which configures the CSV sink");
  }

  @BeforeEach
  void listen() {
    Flowmeter.addListener(recorder);
  }

  @AfterEach
  void stopListening() {
    Flowmeter.removeListener(recorder);
  }

  @Test
  void uploadReturningStream_completesOnCloseWithTotalFromParameter() throws IOException {
    UploadSample.writeUpload(client, key, UploadSample.content(SIZE));

    assertThat(client.contains(key)).isTrue();
    assertThat(statuses("upload " + key)).containsExactly(Status.STARTING, Status.COMPLETED);
    ProgressEvent done = last("upload " + key);
    assertThat(done.operation()).isEqualTo("upload");
    assertThat(done.bytes()).isEqualTo(SIZE);
    assertThat(done.totalBytes()).isEqualTo(SIZE);
    assertThat(csvRows("upload " + key))
        .last()
        .isEqualTo(List.of("upload", "upload " + key, "100.0", "300000", "300000", "completed"));
  }

  @Test
  void uploadWithStreamParameter_savingThenCompletedOnReturn() throws IOException {
    client.upload(key, new ByteArrayInputStream(UploadSample.content(SIZE)), SIZE);

    assertThat(statuses("upload " + key))
        .containsExactly(Status.STARTING, Status.SAVING, Status.COMPLETED);
    assertThat(last("upload " + key).bytes()).isEqualTo(SIZE);
    assertThat(csvRows("upload " + key))
        .extracting(row -> row.get(5))
        .containsSubsequence("starting", "saving", "completed");
  }

  @Test
  void downloadReturningStream_totalSetInsideMethod() throws IOException {
    UploadSample.writeUpload(client, key, UploadSample.content(SIZE));

    byte[] got = DownloadSample.download(client, key);

    assertThat(got).hasSize(SIZE);
    ProgressEvent done = last("download " + key);
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.operation()).isEqualTo("download");
    assertThat(done.bytes()).isEqualTo(SIZE);
    assertThat(done.totalBytes()).isEqualTo(SIZE);
    assertThat(csvRows("download " + key))
        .last()
        .isEqualTo(
            List.of("download", "download " + key, "100.0", "300000", "300000", "completed"));
  }

  @Test
  void downloadReturningStream_totalSetInsideMethodIsKnownBeforeTheFirstRead() throws IOException {
    UploadSample.writeUpload(client, key, UploadSample.content(SIZE));

    try (InputStream in = client.openDownload(key)) {
      // Flowmeter.currentTracked() in openDownload; a completed transfer shows its bytes as total
      assertThat(Flowmeter.transferOf(in).orElseThrow().totalBytes()).isEqualTo(SIZE);
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  @Test
  void downloadThatThrows_failsWithMessageAndRethrowsSameException() throws IOException {
    assertThatThrownBy(() -> DownloadSample.download(client, key))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage("no object " + key);

    ProgressEvent end = last("download " + key);
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.error()).contains("no object " + key);
    assertThat(csvRows("download " + key))
        .last()
        .satisfies(r -> assertThat(r.get(5)).isEqualTo("error"));
  }

  @Test
  void uploadInterrupted_isCancelled() throws IOException {
    byte[] data = UploadSample.content(SIZE);
    ByteArrayInputStream interrupting =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            Thread.currentThread().interrupt(); // the user pressed cancel
            return super.read(b, off, len);
          }
        };

    assertThatThrownBy(() -> client.upload(key, interrupting, SIZE))
        .isInstanceOf(InterruptedIOException.class);

    assertThat(Thread.interrupted()).isFalse();
    assertThat(client.contains(key)).isFalse();
    ProgressEvent end = last("upload " + key);
    assertThat(end.status()).isEqualTo(Status.CANCELLED);
    assertThat(end.totalBytes()).isEqualTo(SIZE);
    assertThat(end.bytes()).isPositive().isLessThanOrEqualTo(SIZE);
    assertThat(csvRows("upload " + key))
        .last()
        .satisfies(r -> assertThat(r.get(5)).isEqualTo("cancelled"));
  }

  private List<Status> statuses(String name) {
    return events(name).stream().map(ProgressEvent::status).collect(Collectors.toList());
  }

  private ProgressEvent last(String name) {
    List<ProgressEvent> events = events(name);
    assertThat(events).as("events of %s", name).isNotEmpty();
    return events.get(events.size() - 1);
  }

  private List<ProgressEvent> events(String name) {
    assertThat(Flowmeter.flush(10_000)).isTrue();
    synchronized (lifecycle) {
      return lifecycle.stream().filter(e -> e.name().equals(name)).collect(Collectors.toList());
    }
  }

  /** The CSV rows of {@code name}, without timestamp and speed columns. */
  private static List<List<String>> csvRows(String name) throws IOException {
    assertThat(Flowmeter.flush(10_000)).isTrue();
    String spec = System.getProperty("flowmeter.sinks");
    assertThat(spec).startsWith("csv:");
    Path csv = Paths.get(spec.substring("csv:".length()));
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      List<String> cells = Arrays.asList(line.split(",", -1));
      if (cells.size() == 15 && cells.get(2).equals(name)) {
        assertThat(cells.get(13)).as("source of %s", name).isEqualTo("tracked");
        rows.add(
            List.of(
                cells.get(1),
                cells.get(2),
                cells.get(3),
                cells.get(4),
                cells.get(5),
                cells.get(7)));
      }
    }
    assertThat(rows).as("CSV rows of %s", name).isNotEmpty();
    return rows;
  }
}
