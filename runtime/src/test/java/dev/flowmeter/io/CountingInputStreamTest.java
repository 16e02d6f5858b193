// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CountingInputStreamTest {
  private final Tracker tracker = StreamFixtures.manualTracker();
  private final byte[] content = StreamFixtures.content(1000);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer(long total) {
    return (TransferImpl) tracker.builder().totalBytes(total).start();
  }

  @Test
  void reads_countBytesConsumed() throws IOException {
    TransferImpl transfer = transfer(-1);
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    in.read();
    in.read(new byte[10]);
    in.read(new byte[50], 5, 20);
    in.readNBytes(30);
    in.readNBytes(new byte[40], 0, 40);

    assertThat(transfer.bytes()).isEqualTo(1 + 10 + 20 + 30 + 40);
  }

  @Test
  void skip_countsAsProgress() throws IOException {
    TransferImpl transfer = transfer(-1);
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    in.skip(100);
    in.skipNBytes(50);
    in.skip(-5); // nothing moves

    assertThat(transfer.bytes()).isEqualTo(150);
  }

  @Test
  void skipBackwards_lowersCount(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("data.bin"), content);
    TransferImpl transfer = transfer(-1);
    try (InputStream in =
        CountingInputStream.create(new FileInputStream(file.toFile()), transfer)) {
      in.readNBytes(100);
      long skipped = in.skip(-30);

      assertThat(skipped).isEqualTo(-30);
      assertThat(transfer.bytes()).isEqualTo(70);
    }
  }

  @Test
  void markAndReset_doNotCountReReadBytesTwice() throws IOException {
    TransferImpl transfer = transfer(-1);
    InputStream in =
        CountingInputStream.create(
            new BufferedInputStream(new ByteArrayInputStream(content), 64), transfer);

    in.readNBytes(10);
    in.mark(100);
    in.readNBytes(40);
    in.reset();
    byte[] again = in.readNBytes(40);

    assertThat(again[0]).isEqualTo(content[10]);
    assertThat(transfer.bytes()).isEqualTo(50);
  }

  @Test
  void failedReset_changesNothing() throws IOException {
    TransferImpl transfer = transfer(-1);
    InputStream in =
        CountingInputStream.create(
            new BufferedInputStream(new ByteArrayInputStream(content)), transfer);
    in.readNBytes(20);

    assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    assertThat(transfer.bytes()).isEqualTo(20);
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }

  @Test
  void endOfStream_withKnownTotal_completes() throws IOException {
    TransferImpl transfer = transfer(content.length);
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    in.readAllBytes();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.bytes()).isEqualTo(content.length);
  }

  @Test
  void endOfStream_withUnknownTotal_waitsForClose() throws IOException {
    TransferImpl transfer = transfer(-1);
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    while (in.read(new byte[64]) >= 0) {
      assertThat(transfer.isDone()).isFalse();
    }
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
    in.close();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.totalBytes()).isEqualTo(content.length);
    assertThat(transfer.snapshot().percentage()).isEqualTo(100.0);
  }

  @Test
  void ioException_marksFailedAndIsRethrownUnchanged() throws IOException {
    IOException failure = new IOException("disk on fire");
    TransferImpl transfer = transfer(-1);
    InputStream in =
        CountingInputStream.create(
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw failure;
              }
            },
            transfer);

    Throwable thrown = catchThrowable(in::read);

    assertThat(thrown).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).contains("disk on fire");
  }

  @Test
  void callersBadRange_isRethrownAndLeavesTheTransferRunning() {
    TransferImpl transfer = transfer(-1);
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    Throwable thrown = catchThrowable(() -> in.read(new byte[4], 3, 2));

    assertThat(thrown).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
    assertThat(transfer.bytes()).isZero();
  }

  @Test
  void uncheckedFailureOfTheDelegate_marksFailedAndIsRethrownUnchanged() {
    TransferImpl transfer = transfer(-1);
    UncheckedIOException failure = new UncheckedIOException(new IOException("lost the mount"));
    InputStream in =
        CountingInputStream.create(
            new InputStream() {
              @Override
              public int read() {
                throw failure;
              }
            },
            transfer);

    assertThat(catchThrowable(in::read)).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void interruptionOfTheDelegate_cancelsButLeavesTheStreamUsable() throws IOException {
    TransferImpl transfer = transfer(-1);
    InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting");
    int[] calls = {0};
    InputStream in =
        CountingInputStream.create(
            new InputStream() {
              @Override
              public int read() throws IOException {
                if (calls[0]++ == 0) {
                  throw interrupted;
                }
                return 7;
              }
            },
            transfer);

    assertThat(catchThrowable(in::read)).isSameAs(interrupted);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(transfer.snapshot().error()).contains("interrupted while waiting");

    assertThat(in.read()).as("a retry reaches the delegate, as on the raw stream").isEqualTo(7);
  }

  @Test
  void cancel_stopsEveryMethodThatMovesData_butNotClose() throws IOException {
    TransferImpl transfer = transfer(-1);
    boolean[] closed = {false};
    InputStream in =
        CountingInputStream.create(
            new ByteArrayInputStream(content) {
              @Override
              public void close() {
                closed[0] = true;
              }
            },
            transfer);
    in.read();

    transfer.cancel("enough");

    StreamFixtures.assertEachStopped(
        "transfer cancelled: enough",
        in::read,
        () -> in.read(new byte[8]),
        () -> in.read(new byte[8], 0, 8),
        in::readAllBytes,
        () -> in.readNBytes(8),
        () -> in.readNBytes(new byte[8], 0, 8),
        () -> in.skip(8),
        () -> in.skipNBytes(8),
        () -> in.transferTo(OutputStream.nullOutputStream()));
    assertThat(in.available()).isEqualTo(content.length - 1);
    in.close();
    assertThat(closed[0]).isTrue();
    assertThat(transfer.bytes()).isEqualTo(1);
  }

  @Test
  void cancelDuringTransferTo_stopsAtTheNextChunk() {
    TransferImpl transfer = transfer(-1);
    // InputStream's own transferTo, which copies 8 KiB a chunk
    InputStream in =
        CountingInputStream.create(
            new FailingInputStream(new byte[64 * 1024], Integer.MAX_VALUE), transfer);
    ByteArrayOutputStream copied = new ByteArrayOutputStream();
    OutputStream cancelling =
        new OutputStream() {
          @Override
          public void write(int b) {
            copied.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            copied.write(b, off, len);
            transfer.cancel(); // as another thread would, between two chunks
          }
        };

    Throwable thrown = catchThrowable(() -> in.transferTo(cancelling));

    assertThat(thrown).isInstanceOf(InterruptedIOException.class).hasMessage("transfer cancelled");
    assertThat(copied.size()).isLessThan(64 * 1024);
    assertThat(transfer.bytes()).isEqualTo(copied.size());
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void failureAfterSomeBytes_keepsTheCountAndTheMessage() throws IOException {
    TransferImpl transfer = transfer(content.length);
    InputStream in = CountingInputStream.create(new FailingInputStream(content, 300), transfer);

    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
        .hasMessage("broken at byte 300");
    in.close();

    assertThat(transfer.bytes()).isEqualTo(300);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).contains("broken at byte 300");
  }

  @Test
  void closeTwice_closesDelegateTwiceAndEndsOnce() throws IOException {
    AtomicInteger closes = new AtomicInteger();
    List<ProgressEvent> finals = new CopyOnWriteArrayList<>();
    TransferImpl transfer =
        (TransferImpl)
            tracker
                .builder()
                .listener(
                    event -> {
                      if (event.isFinal()) {
                        finals.add(event);
                      }
                    })
                .start();
    InputStream in =
        CountingInputStream.create(
            new ByteArrayInputStream(content) {
              @Override
              public void close() {
                closes.incrementAndGet();
              }
            },
            transfer);

    in.readNBytes(10);
    in.close();
    in.close();

    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(closes).hasValue(2);
    assertThat(finals).hasSize(1);
    assertThat(finals.get(0).status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void failingClose_marksFailed() {
    IOException failure = new IOException("cannot close");
    TransferImpl transfer = transfer(-1);
    InputStream in =
        CountingInputStream.create(
            new ByteArrayInputStream(content) {
              @Override
              public void close() throws IOException {
                throw failure;
              }
            },
            transfer);

    assertThat(catchThrowable(in::close)).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void transferTo_isCountedLive() throws IOException {
    TransferImpl transfer = transfer(-1);
    List<Long> seen = new ArrayList<>();
    // FailingInputStream keeps InputStream's transferTo, which moves 8 KiB per write
    byte[] big = StreamFixtures.content(100_000);
    InputStream in =
        CountingInputStream.create(new FailingInputStream(big, Integer.MAX_VALUE), transfer);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            throw new AssertionError("bulk writes expected");
          }

          @Override
          public void write(byte[] b, int off, int len) {
            seen.add(transfer.bytes());
            assertThat(transfer.bytes()).isEqualTo(copy.size() + len);
            copy.write(b, off, len);
          }
        };

    long moved = in.transferTo(out);

    assertThat(moved).isEqualTo(big.length);
    assertThat(copy.toByteArray()).isEqualTo(big);
    assertThat(seen).hasSizeGreaterThan(5).isSorted().doesNotHaveDuplicates();
    assertThat(transfer.bytes()).isEqualTo(big.length);
  }

  @Test
  void wrap_throughBuilder_takesFileTotalAndCompletesAtEnd(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("data.bin"), content);
    InputStream in = tracker.builder().wrap(new FileInputStream(file.toFile()));

    in.readAllBytes();

    ProgressEvent done = tracker.snapshots().get(0);
    assertThat(done.totalBytes()).isEqualTo(content.length);
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    in.close();
  }

  @Test
  void toString_namesDelegate() {
    ByteArrayInputStream delegate = new ByteArrayInputStream(content);

    assertThat(CountingInputStream.create(delegate, transfer(-1)))
        .hasToString("CountingInputStream(" + delegate + ")");
  }
}
