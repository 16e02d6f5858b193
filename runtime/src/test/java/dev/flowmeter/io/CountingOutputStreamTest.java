// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.RecordingOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class CountingOutputStreamTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer() {
    return (TransferImpl) tracker.builder().start();
  }

  @Test
  void bulkWrite_reachesDelegateAsOneCall() throws IOException {
    RecordingOutputStream delegate = new RecordingOutputStream();
    TransferImpl transfer = transfer();
    OutputStream out = CountingOutputStream.create(delegate, transfer);
    byte[] chunk = StreamFixtures.content(8192);

    out.write(chunk, 0, chunk.length);
    out.write(chunk);
    out.write(7);
    out.flush();

    assertThat(delegate.calls)
        .containsExactly("write(byte[], 0, 8192)", "write(byte[8192])", "write(int)", "flush()");
    assertThat(transfer.bytes()).isEqualTo(2 * 8192 + 1);
    assertThat(delegate.bytes.size()).isEqualTo(2 * 8192 + 1);
  }

  @Test
  void writes_countOnlyWhatTheDelegateAccepted() {
    IOException failure = new IOException("quota exceeded");
    ByteArrayOutputStream accepted = new ByteArrayOutputStream();
    TransferImpl transfer = transfer();
    OutputStream out =
        CountingOutputStream.create(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw failure;
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                if (accepted.size() + len > 100) {
                  throw failure;
                }
                accepted.write(b, off, len);
              }
            },
            transfer);

    Throwable thrown =
        catchThrowable(
            () -> {
              out.write(new byte[60], 0, 60);
              out.write(new byte[60], 0, 60);
            });

    assertThat(thrown).isSameAs(failure);
    assertThat(transfer.bytes()).isEqualTo(60);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).contains("quota exceeded");
  }

  @Test
  void invalidRange_isRethrownAndNotCounted() {
    TransferImpl transfer = transfer();
    OutputStream out = CountingOutputStream.create(new ByteArrayOutputStream(), transfer);

    assertThat(catchThrowable(() -> out.write(new byte[4], 2, 5)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(transfer.bytes()).isZero();
  }

  @Test
  void close_completesWithTotalEqualToBytes() throws IOException {
    TransferImpl transfer = transfer();
    OutputStream out = CountingOutputStream.create(new ByteArrayOutputStream(), transfer);

    out.write(new byte[300]);
    out.close();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.totalBytes()).isEqualTo(300);
  }

  @Test
  void closeTwice_closesDelegateTwiceAndEndsOnce() throws IOException {
    List<ProgressEvent> finals = new CopyOnWriteArrayList<>();
    RecordingOutputStream delegate = new RecordingOutputStream();
    OutputStream out =
        tracker
            .builder()
            .listener(
                event -> {
                  if (event.isFinal()) {
                    finals.add(event);
                  }
                })
            .wrap(delegate);

    out.write(1);
    out.close();
    out.close();

    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(delegate.calls).containsExactly("write(int)", "close()", "close()");
    assertThat(finals)
        .singleElement()
        .extracting(ProgressEvent::status)
        .isEqualTo(Status.COMPLETED);
  }

  @Test
  void failingFlush_marksFailedWithSameInstance() {
    IOException failure = new IOException("broken pipe");
    TransferImpl transfer = transfer();
    OutputStream out =
        CountingOutputStream.create(
            new ByteArrayOutputStream() {
              @Override
              public void flush() throws IOException {
                throw failure;
              }
            },
            transfer);

    assertThat(catchThrowable(out::flush)).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void toString_namesDelegate() {
    ByteArrayOutputStream delegate = new ByteArrayOutputStream();

    assertThat(CountingOutputStream.create(delegate, transfer()))
        .hasToString("CountingOutputStream(" + delegate + ")");
  }

  @Test
  void cancel_stopsEveryWrite_flushAndCloseStillReachTheDelegate() throws IOException {
    TransferImpl transfer = transfer();
    StreamFixtures.RecordingOutputStream delegate = new StreamFixtures.RecordingOutputStream();
    OutputStream out = CountingOutputStream.create(delegate, transfer);
    out.write(new byte[5]);

    transfer.cancel("quota");

    StreamFixtures.assertEachStopped(
        "transfer cancelled: quota",
        () -> out.write(1),
        () -> out.write(new byte[3]),
        () -> out.write(new byte[3], 0, 3));
    out.flush();
    out.close();
    assertThat(delegate.calls).containsExactly("write(byte[5])", "flush()", "close()");
    assertThat(transfer.bytes()).isEqualTo(5);
  }

  @Test
  void writeOfANullArray_isTheDelegatesCall() throws IOException {
    TransferImpl transfer = transfer();
    OutputStream lenient =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b) {} // accepts null, writes nothing
        };
    OutputStream out = CountingOutputStream.create(lenient, transfer);

    out.write((byte[]) null);
    Throwable strict =
        catchThrowable(
            () -> CountingOutputStream.create(new ByteArrayOutputStream(), transfer).write(null));

    assertThat(strict).isInstanceOf(NullPointerException.class);
    assertThat(transfer.bytes()).isZero();
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }
}
