// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingInputStream;
import java.io.BufferedReader;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Promise 1 for readers: random operation sequences give the same results, characters and
 * exceptions on a raw reader and on an identical reader inside the counting wrapper, the caller's
 * mistakes ({@code null} buffers and destinations, bad ranges, negative skips) included, which
 * never fail the transfer; the wrapper may be wrapped a second time.
 */
final class CountingReaderTransparencyTest {
  private static final Tracker tracker = StreamFixtures.manualTracker();

  @AfterContainer
  static void shutDown() {
    tracker.shutdown();
  }

  @Property
  void everyOperation_matchesRawReader(
      @ForAll @StringLength(max = 120) String content,
      @ForAll Source source,
      @ForAll @IntRange(min = 0, max = 150) int failAt,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice) {
    Reader raw = source.open(content, failAt);
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    Reader wrapped = CountingReader.create(source.open(content, failAt), transfer);
    if (wrappedTwice) {
      wrapped = tracker.builder().name("twice").wrap(wrapped);
    }
    boolean ioFailed = false;

    for (Op op : ops) {
      String expected = apply(raw, op);
      assertThat(apply(wrapped, op)).as("%s after %s", op, ops).isEqualTo(expected);
      ioFailed |= StreamFixtures.threwIoException(expected);
      if (!ioFailed) {
        assertThat(transfer.status()).as("status after %s", op).isNotEqualTo(Status.FAILED);
      }
    }
  }

  /** The raw readers compared, each built twice from the same content. */
  enum Source {
    STRING,
    CHAR_ARRAY,
    BUFFERED,
    FAILING_DECODER;

    Reader open(String content, int failAt) {
      switch (this) {
        case STRING:
          return new StringReader(content);
        case CHAR_ARRAY:
          return new CharArrayReader(content.toCharArray());
        case BUFFERED:
          return new BufferedReader(new StringReader(content), 8);
        default:
          byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
          return new InputStreamReader(
              new FailingInputStream(utf8, failAt), StandardCharsets.UTF_8);
      }
    }
  }

  enum Kind {
    READ,
    READ_ARRAY,
    READ_RANGE,
    READ_CHAR_BUFFER,
    SKIP,
    READY,
    MARK_SUPPORTED,
    MARK,
    RESET,
    TRANSFER_TO,
    READ_NULL,
    READ_NULL_RANGE,
    READ_NULL_CHAR_BUFFER,
    TRANSFER_TO_NULL,
    CLOSE
  }

  /** One call: a buffer size, an offset and a length or count (any of them may be invalid). */
  static final class Op {
    final Kind kind;
    final int size;
    final int off;
    final int len;

    Op(Kind kind, int size, int off, int len) {
      this.kind = kind;
      this.size = size;
      this.off = off;
      this.len = len;
    }

    @Override
    public String toString() {
      return kind + "(" + size + "," + off + "," + len + ")";
    }
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    List<Tuple2<Integer, Kind>> weighted = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      weighted.add(Tuple.of(kind == Kind.CLOSE ? 1 : 6, kind));
    }
    return Combinators.combine(
            Arbitraries.frequency(weighted),
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(-2, 42),
            Arbitraries.integers().between(-5, 60))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  private static String apply(Reader r, Op op) {
    try {
      return "returned " + perform(r, op);
    } catch (Exception e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String perform(Reader r, Op op) throws IOException {
    char[] c = new char[op.size];
    switch (op.kind) {
      case READ:
        return String.valueOf(r.read());
      case READ_ARRAY:
        return r.read(c) + " " + Arrays.toString(c);
      case READ_RANGE:
        return r.read(c, op.off, op.len) + " " + Arrays.toString(c);
      case READ_CHAR_BUFFER:
        CharBuffer buffer = CharBuffer.allocate(op.size);
        int n = r.read(buffer);
        buffer.flip();
        return n + " " + buffer;
      case SKIP:
        return String.valueOf(r.skip(op.len));
      case READY:
        return String.valueOf(r.ready());
      case MARK_SUPPORTED:
        return String.valueOf(r.markSupported());
      case MARK:
        r.mark(op.len);
        return "void";
      case RESET:
        r.reset();
        return "void";
      case TRANSFER_TO:
        StringWriter out = new StringWriter();
        return r.transferTo(out) + " " + out;
      case READ_NULL:
        return String.valueOf(r.read((char[]) null));
      case READ_NULL_RANGE:
        return String.valueOf(r.read(null, op.off, op.len));
      case READ_NULL_CHAR_BUFFER:
        return String.valueOf(r.read((CharBuffer) null));
      case TRANSFER_TO_NULL:
        return String.valueOf(r.transferTo(null));
      case CLOSE:
        r.close();
        return "void";
    }
    throw new AssertionError(op);
  }
}
