// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting for {@link CountingReadableChannel} and {@link CountingWritableChannel}. */
final class CountingChannelsTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  @Test
  void readableFileChannel_takesTotalAndCompletesAtEnd(@TempDir Path dir) throws IOException {
    byte[] content = StreamFixtures.content(5000);
    Path file = Files.write(dir.resolve("data.bin"), content);
    ReadableByteChannel in = tracker.builder().wrapReading(FileChannel.open(file));
    ByteBuffer buffer = ByteBuffer.allocate(700);

    int total = 0;
    for (int n; (n = in.read(buffer.clear())) >= 0; ) {
      total += n;
    }
    ProgressEvent done = tracker.snapshots().get(0);

    assertThat(total).isEqualTo(content.length);
    assertThat(done.totalBytes()).isEqualTo(content.length);
    assertThat(done.bytes()).isEqualTo(content.length);
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(in.isOpen()).isTrue();
    in.close();
    assertThat(in.isOpen()).isFalse();
  }

  @Test
  void writableChannel_countsAndCompletesOnClose(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.bin");
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    WritableByteChannel out =
        CountingWritableChannel.create(
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            transfer);

    out.write(ByteBuffer.wrap(StreamFixtures.content(3000)));
    out.write(ByteBuffer.allocateDirect(1000));
    out.close();

    assertThat(Files.size(file)).isEqualTo(4000);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.totalBytes()).isEqualTo(4000);
  }

  @Test
  void writeAfterClose_keepsFirstStatusAndRethrows() throws IOException {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    WritableByteChannel out =
        CountingWritableChannel.create(Channels.newChannel(new ByteArrayOutputStream()), transfer);
    out.close();

    Throwable thrown = catchThrowable(() -> out.write(ByteBuffer.allocate(1)));

    assertThat(thrown).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED); // the first final status stays
  }

  @Test
  void ioException_marksFailedAndIsRethrownUnchanged() {
    IOException failure = new IOException("connection reset");
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    ReadableByteChannel in =
        CountingReadableChannel.create(
            new ReadableByteChannel() {
              @Override
              public int read(ByteBuffer dst) throws IOException {
                throw failure;
              }

              @Override
              public boolean isOpen() {
                return true;
              }

              @Override
              public void close() {}
            },
            transfer);

    assertThat(catchThrowable(() -> in.read(ByteBuffer.allocate(8)))).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).contains("connection reset");
  }

  @Test
  void toString_namesDelegate() {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    WritableByteChannel delegate = Channels.newChannel(new ByteArrayOutputStream());

    assertThat(CountingWritableChannel.create(delegate, transfer))
        .hasToString("CountingWritableChannel(" + delegate + ")");
  }

  @Test
  void cancel_nextReadOrWriteThrows_andTheChannelStaysOpenUntilClosed() throws IOException {
    TransferImpl reading = (TransferImpl) tracker.builder().start();
    TransferImpl writing = (TransferImpl) tracker.builder().start();
    ReadableByteChannel rawIn = Channels.newChannel(new ByteArrayInputStream(new byte[100]));
    WritableByteChannel rawOut = Channels.newChannel(new ByteArrayOutputStream());
    ReadableByteChannel in = CountingReadableChannel.create(rawIn, reading);
    WritableByteChannel out = CountingWritableChannel.create(rawOut, writing);

    reading.cancel("stop");
    writing.cancel("stop");

    assertThat(catchThrowable(() -> in.read(ByteBuffer.allocate(10))))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("transfer cancelled: stop");
    assertThat(catchThrowable(() -> out.write(ByteBuffer.allocate(10))))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(in.isOpen()).isTrue();
    assertThat(out.isOpen()).isTrue();
    in.close();
    out.close();
    assertThat(rawIn.isOpen()).isFalse();
    assertThat(rawOut.isOpen()).isFalse();
  }

  @Test
  void nullBuffer_isTheCallersMistake_andLeavesTheTransferRunning() {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    ReadableByteChannel in =
        CountingReadableChannel.create(
            Channels.newChannel(new ByteArrayInputStream(new byte[100])), transfer);

    assertThat(catchThrowable(() -> in.read(null))).isInstanceOf(NullPointerException.class);
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }
}
