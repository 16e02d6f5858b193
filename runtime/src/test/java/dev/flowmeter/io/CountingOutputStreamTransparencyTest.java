// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Promise 1 for output streams: random write sequences give the same results and exceptions on a
 * raw stream and on an identical stream inside the counting wrapper, and leave the same bytes.
 */
final class CountingOutputStreamTransparencyTest {
  private static final Tracker tracker = StreamFixtures.manualTracker();

  @AfterContainer
  static void shutDown() {
    tracker.shutdown();
  }

  @Property
  void everyOperation_matchesRawStream(
      @ForAll Target target,
      @ForAll @IntRange(min = 0, max = 120) int capacity,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice) {
    Destination raw = target.open(capacity);
    Destination inner = target.open(capacity);
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    OutputStream wrapped = CountingOutputStream.create(inner.stream, transfer);
    if (wrappedTwice) {
      wrapped = tracker.builder().name("twice").wrap(wrapped);
    }
    boolean ioFailed = false;

    for (Op op : ops) {
      String expected = apply(raw.stream, op);
      assertThat(apply(wrapped, op)).as("%s after %s", op, ops).isEqualTo(expected);
      assertThat(inner.bytes()).as("bytes after %s", op).isEqualTo(raw.bytes());
      if (target == Target.BYTE_ARRAY) {
        StreamFixtures.assertCount(transfer, inner.bytes().length, "count after " + op);
      }
      ioFailed |= StreamFixtures.threwIoException(expected);
      if (!ioFailed) {
        assertThat(transfer.status()).as("status after %s", op).isNotEqualTo(Status.FAILED);
      }
    }
  }

  /** The raw streams compared, each built twice. */
  enum Target {
    BYTE_ARRAY,
    BUFFERED,
    FAILING,
    BUFFERED_FAILING;

    Destination open(int capacity) {
      switch (this) {
        case BYTE_ARRAY:
          ByteArrayOutputStream plain = new ByteArrayOutputStream();
          return new Destination(plain, plain::toByteArray);
        case BUFFERED:
          ByteArrayOutputStream under = new ByteArrayOutputStream();
          return new Destination(new BufferedOutputStream(under, 16), under::toByteArray);
        case FAILING:
          FailingOutputStream failing = new FailingOutputStream(capacity);
          return new Destination(failing, failing::toByteArray);
        default:
          FailingOutputStream end = new FailingOutputStream(capacity);
          return new Destination(new BufferedOutputStream(end, 8), end::toByteArray);
      }
    }
  }

  /** A stream and a view of the bytes that reached its end. */
  static final class Destination {
    final OutputStream stream;
    private final java.util.function.Supplier<byte[]> bytes;

    Destination(OutputStream stream, java.util.function.Supplier<byte[]> bytes) {
      this.stream = stream;
      this.bytes = bytes;
    }

    byte[] bytes() {
      return bytes.get();
    }
  }

  enum Kind {
    WRITE,
    WRITE_ARRAY,
    WRITE_RANGE,
    WRITE_NULL,
    WRITE_NULL_RANGE,
    FLUSH,
    CLOSE
  }

  /** One call: a value or buffer size, an offset and a length (either may be invalid). */
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
            Arbitraries.integers().between(-2, 42))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  private static String apply(OutputStream s, Op op) {
    try {
      perform(s, op);
      return "returned";
    } catch (Exception e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static void perform(OutputStream s, Op op) throws IOException {
    byte[] b = StreamFixtures.content(op.size);
    switch (op.kind) {
      case WRITE:
        s.write(op.size * 7 + op.len);
        return;
      case WRITE_ARRAY:
        s.write(b);
        return;
      case WRITE_RANGE:
        s.write(b, op.off, op.len);
        return;
      case WRITE_NULL:
        s.write(null);
        return;
      case WRITE_NULL_RANGE:
        s.write(null, op.off, op.len);
        return;
      case FLUSH:
        s.flush();
        return;
      case CLOSE:
        s.close();
        return;
    }
    throw new AssertionError(Arrays.asList(op));
  }
}
