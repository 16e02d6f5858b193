// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class CountingWriterTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer() {
    return (TransferImpl) tracker.builder().start();
  }

  @Test
  void everyOverload_countsTheCharactersWritten() throws IOException {
    StringWriter delegate = new StringWriter();
    TransferImpl transfer = transfer();
    Writer out = CountingWriter.create(delegate, transfer);

    out.write('a');
    out.write("ünï".toCharArray());
    out.write("0123456789".toCharArray(), 2, 5);
    out.write("✓ done");
    out.write("0123456789", 1, 3);
    out.append("append");
    out.append("0123456789", 4, 6);
    out.append(null);
    out.append(null, 1, 3);
    out.append('z');

    assertThat(transfer.bytes()).isEqualTo(delegate.getBuffer().length()).isEqualTo(33);
  }

  @Test
  void append_returnsTheWrapper() throws IOException {
    Writer out = CountingWriter.create(new StringWriter(), transfer());

    assertThat(out.append("x")).isSameAs(out);
    assertThat(out.append("xyz", 0, 1)).isSameAs(out);
    assertThat(out.append('x')).isSameAs(out);
  }

  @Test
  void bulkWrite_reachesDelegateAsOneCall() throws IOException {
    List<String> calls = new ArrayList<>();
    Writer delegate =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            calls.add("write(char[], " + off + ", " + len + ")");
          }

          @Override
          public void write(String str) {
            calls.add("write(String " + str.length() + ")");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Writer out = CountingWriter.create(delegate, transfer());

    out.write(new char[8192], 0, 8192);
    out.write("y".repeat(8192));

    assertThat(calls).containsExactly("write(char[], 0, 8192)", "write(String 8192)");
  }

  @Test
  void ioException_marksFailedAndIsRethrownUnchanged() {
    IOException failure = new IOException("disk full");
    TransferImpl transfer = transfer();
    Writer out =
        CountingWriter.create(
            new StringWriter() {
              @Override
              public void write(String str) {
                sneakyThrow(failure);
              }
            },
            transfer);

    assertThat(catchThrowable(() -> out.write("abc"))).isSameAs(failure);
    assertThat(transfer.bytes()).isZero();
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void closeTwice_completesOnce() throws IOException {
    TransferImpl transfer = transfer();
    Writer out = CountingWriter.create(new StringWriter(), transfer);

    out.write("twelve chars");
    out.close();
    out.close();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.totalBytes()).isEqualTo(12);
  }

  @Test
  void toString_namesDelegate() {
    StringWriter delegate = new StringWriter();

    assertThat(CountingWriter.create(delegate, transfer()))
        .hasToString("CountingWriter(" + delegate + ")");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void cancel_stopsEveryWriteAndAppend_butNotFlushOrClose() throws IOException {
    StringWriter delegate = new StringWriter();
    TransferImpl transfer = transfer();
    Writer out = CountingWriter.create(delegate, transfer);
    out.write("kept");

    transfer.cancel("enough");

    StreamFixtures.assertEachStopped(
        "transfer cancelled: enough",
        () -> out.write('x'),
        () -> out.write(new char[] {'x'}),
        () -> out.write(new char[] {'x'}, 0, 1),
        () -> out.write("x"),
        () -> out.write("x", 0, 1),
        () -> out.append("x"),
        () -> out.append("x", 0, 1),
        () -> out.append('x'));
    out.flush();
    out.close();
    assertThat(delegate.toString()).isEqualTo("kept");
    assertThat(transfer.bytes()).isEqualTo(4);
  }

  @Test
  void nullString_acceptedAsByStringWriter_refusedAsByPrintWriter() throws IOException {
    StringWriter accepting = new StringWriter();
    TransferImpl accepted = transfer();
    CountingWriter.create(accepting, accepted).write((String) null);
    TransferImpl refused = transfer();
    Writer refusing = CountingWriter.create(new PrintWriter(new CharArrayWriter()), refused);

    Throwable raw =
        catchThrowable(() -> new PrintWriter(new CharArrayWriter()).write((String) null));
    Throwable wrapped = catchThrowable(() -> refusing.write((String) null));

    assertThat(accepting.toString()).isEqualTo("null");
    assertThat(accepted.bytes()).isEqualTo(4);
    assertThat(raw).isInstanceOf(NullPointerException.class);
    assertThat(wrapped).isInstanceOf(NullPointerException.class);
    assertThat(refused.bytes()).isZero();
    assertThat(refused.status()).isEqualTo(Status.STARTING);
  }
}
