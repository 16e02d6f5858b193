// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class CountingReaderTest {
  private static final String TEXT = "héllo wörld, ✓ ünïcode — " + "x".repeat(200);

  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer(long total) {
    return (TransferImpl) tracker.builder().totalBytes(total).start();
  }

  @Test
  void reads_countCharacters() throws IOException {
    TransferImpl transfer = transfer(-1);
    Reader in = CountingReader.create(new StringReader(TEXT), transfer);

    in.read();
    in.read(new char[9]);
    in.read(new char[20], 2, 10);
    in.read(CharBuffer.allocate(30));
    in.skip(50);

    assertThat(transfer.bytes()).isEqualTo(1 + 9 + 10 + 30 + 50);
  }

  @Test
  void wrap_throughBuilder_countsInChars() throws IOException {
    Reader in = tracker.builder().wrap(new StringReader(TEXT));

    in.transferTo(new StringWriter());
    in.close();

    ProgressEvent done = tracker.snapshots().get(0);
    assertThat(done.unit()).isEqualTo(Unit.CHARS);
    assertThat(done.bytes()).isEqualTo(TEXT.length());
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void readIntoReadOnlyBuffer_isTheCallersError_rethrownAndTransferKeepsRunning()
      throws IOException {
    Reader in = tracker.builder().wrap(new StringReader(TEXT));
    CharBuffer readOnly = CharBuffer.allocate(8).asReadOnlyBuffer();

    Throwable thrown = catchThrowable(() -> in.read(readOnly));
    Throwable raw = catchThrowable(() -> new StringReader(TEXT).read(readOnly));

    assertThat(thrown).isExactlyInstanceOf(raw.getClass());
    in.close();
    assertThat(tracker.snapshots().get(0).status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void markAndReset_doNotCountReReadCharsTwice() throws IOException {
    TransferImpl transfer = transfer(-1);
    Reader in = CountingReader.create(new BufferedReader(new StringReader(TEXT), 16), transfer);

    in.read(new char[5]);
    in.mark(100);
    in.read(new char[40]);
    in.reset();
    in.read(new char[40]);

    assertThat(transfer.bytes()).isEqualTo(45);
  }

  @Test
  void resetWithoutMark_rewindsToStart() throws IOException {
    TransferImpl transfer = transfer(-1);
    Reader in = CountingReader.create(new StringReader(TEXT), transfer);

    in.read(new char[25]);
    in.reset(); // a StringReader resets to its start when never marked

    assertThat(transfer.bytes()).isZero();
    assertThat((char) in.read()).isEqualTo(TEXT.charAt(0));
  }

  @Test
  void skipBackwards_lowersCount() throws IOException {
    TransferImpl transfer = transfer(-1);
    Reader in = CountingReader.create(new StringReader(TEXT), transfer);

    in.read(new char[30]);
    long skipped = in.skip(-10); // StringReader skips backwards

    assertThat(skipped).isEqualTo(-10);
    assertThat(transfer.bytes()).isEqualTo(20);
  }

  @Test
  void endOfStream_withKnownTotal_completes() throws IOException {
    TransferImpl transfer = transfer(TEXT.length());
    Reader in = CountingReader.create(new StringReader(TEXT), transfer);

    char[] buffer = new char[64];
    while (in.read(buffer) >= 0) {
      // drain
    }

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void transferTo_isCountedLive() throws IOException {
    TransferImpl transfer = transfer(-1);
    String big = "abcdefghij".repeat(5_000);
    Reader in = CountingReader.create(new StringReader(big), transfer);
    StringWriter copy = new StringWriter();
    int[] writes = {0};
    Writer out =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            writes[0]++;
            assertThat(transfer.bytes()).isEqualTo(copy.getBuffer().length() + len);
            copy.write(cbuf, off, len);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    assertThat(in.transferTo(out)).isEqualTo(big.length());
    assertThat(copy.toString()).isEqualTo(big);
    assertThat(writes[0]).isGreaterThan(3);
  }

  @Test
  void ioException_marksFailedAndIsRethrownUnchanged() throws IOException {
    IOException failure = new IOException("decoder broke");
    TransferImpl transfer = transfer(-1);
    Reader in =
        CountingReader.create(
            new Reader() {
              @Override
              public int read(char[] cbuf, int off, int len) throws IOException {
                throw failure;
              }

              @Override
              public void close() {}
            },
            transfer);

    assertThat(catchThrowable(() -> in.read(new char[4]))).isSameAs(failure);
    in.close();

    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).contains("decoder broke");
  }

  @Test
  void toString_namesDelegate() {
    StringReader delegate = new StringReader(TEXT);

    assertThat(CountingReader.create(delegate, transfer(-1)))
        .hasToString("CountingReader(" + delegate + ")");
  }

  @Test
  void cancel_stopsEveryReadSkipAndTransferTo_butNotClose() throws IOException {
    TransferImpl transfer = transfer(-1);
    Reader in = CountingReader.create(new StringReader(TEXT), transfer);
    in.read(new char[4]);

    transfer.cancel("enough");

    StreamFixtures.assertEachStopped(
        "transfer cancelled: enough",
        in::read,
        () -> in.read(new char[4]),
        () -> in.read(new char[4], 0, 4),
        () -> in.read(CharBuffer.allocate(4)),
        () -> in.skip(4),
        () -> in.transferTo(new StringWriter()));
    assertThat(in.ready()).isTrue();
    in.close();
    assertThat(transfer.bytes()).isEqualTo(4);
  }

  @Test
  void cancelDuringTransferTo_stopsAtTheNextChunk() {
    TransferImpl transfer = transfer(-1);
    // Reader's own transferTo, which copies 8 Ki characters a chunk
    Reader source =
        new Reader() {
          private int left = 64 * 1024;

          @Override
          public int read(char[] cbuf, int off, int len) {
            if (left == 0) {
              return -1;
            }
            int n = Math.min(len, left);
            left -= n;
            return n;
          }

          @Override
          public void close() {}
        };
    Reader in = CountingReader.create(source, transfer);
    StringWriter copied = new StringWriter();
    Writer cancelling =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            copied.write(cbuf, off, len);
            transfer.cancel();
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    assertThat(catchThrowable(() -> in.transferTo(cancelling)))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(transfer.bytes()).isEqualTo(copied.getBuffer().length()).isLessThan(64 * 1024);
  }
}
