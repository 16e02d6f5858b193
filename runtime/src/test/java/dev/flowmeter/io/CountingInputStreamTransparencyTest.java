// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Promise 1 for input streams: random operation sequences give the same results, bytes and
 * exceptions on a raw stream and on an identical stream inside the counting wrapper, and the count
 * is always the position reached. The operations include the caller's mistakes ({@code null}
 * buffers and destinations, bad offsets and lengths, negative counts) and skips past the end, and
 * the wrapper may be wrapped a second time (promise 4: such a mistake never fails the transfer, a
 * skip past the end of a file counts what the file had, a second wrap counts nothing more).
 */
final class CountingInputStreamTransparencyTest {
  private static final Tracker tracker = StreamFixtures.manualTracker();

  @AfterContainer
  static void shutDown() {
    tracker.shutdown();
  }

  @Property
  void everyOperation_matchesRawStream(
      @ForAll @Size(max = 200) byte[] content,
      @ForAll Source source,
      @ForAll @IntRange(min = 0, max = 220) int failAt,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice)
      throws IOException {
    Path file = Files.write(Files.createTempFile("flowmeter-transparency", ".bin"), content);
    InputStream raw = source.open(content, failAt, file);
    InputStream inner = source.open(content, failAt, file);
    try {
      TransferImpl transfer = (TransferImpl) tracker.builder().start();
      InputStream wrapped = CountingInputStream.create(inner, transfer);
      if (wrappedTwice) {
        wrapped = tracker.builder().name("twice").wrap(wrapped);
      }
      boolean positionVisible = source.positionVisible();
      boolean ioFailed = false;

      for (Op op : ops) {
        String expected = apply(raw, op);
        assertThat(apply(wrapped, op)).as("%s after %s", op, ops).isEqualTo(expected);
        if (expected.startsWith("threw " + EOFException.class.getName())
            || (op.kind == Kind.CLOSE && source.closeHidesPosition())) {
          positionVisible = false; // skipNBytes moved without telling how far; available() closed
        }
        if (positionVisible) {
          StreamFixtures.assertCount(
              transfer, content.length - inner.available(), "count after " + op);
        }
        ioFailed |= StreamFixtures.threwIoException(expected);
        if (!ioFailed) {
          assertThat(transfer.status()).as("status after %s", op).isNotEqualTo(Status.FAILED);
        }
      }
    } finally {
      raw.close();
      inner.close();
      Files.delete(file);
    }
  }

  /** The raw streams compared, each built twice from the same content. */
  enum Source {
    BYTE_ARRAY,
    BUFFERED,
    FAILING,
    BUFFERED_FAILING,
    FILE;

    InputStream open(byte[] content, int failAt, Path file) throws IOException {
      switch (this) {
        case BYTE_ARRAY:
          return new ByteArrayInputStream(content);
        case BUFFERED:
          return new BufferedInputStream(new ByteArrayInputStream(content), 16);
        case FAILING:
          return new FailingInputStream(content, failAt);
        case BUFFERED_FAILING:
          return new BufferedInputStream(new FailingInputStream(content, failAt), 8);
        default:
          return new FileInputStream(file.toFile()); // its skip may pass the end of the file
      }
    }

    /** Whether {@code available()} tells the position exactly. */
    boolean positionVisible() {
      return this == BYTE_ARRAY || this == BUFFERED || this == FILE;
    }

    /** Whether {@code available()} throws once the stream is closed. */
    boolean closeHidesPosition() {
      return this == BUFFERED || this == FILE;
    }
  }

  enum Kind {
    READ,
    READ_ARRAY,
    READ_RANGE,
    SKIP,
    SKIP_N,
    AVAILABLE,
    MARK_SUPPORTED,
    MARK,
    RESET,
    READ_N,
    READ_N_RANGE,
    READ_ALL,
    TRANSFER_TO,
    READ_NULL,
    READ_NULL_RANGE,
    READ_N_NULL_RANGE,
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
            Arbitraries.integers().between(-3, 60))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  static String apply(InputStream s, Op op) {
    try {
      return "returned " + perform(s, op);
    } catch (Exception e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String perform(InputStream s, Op op) throws IOException {
    byte[] b = new byte[op.size];
    switch (op.kind) {
      case READ:
        return String.valueOf(s.read());
      case READ_ARRAY:
        return s.read(b) + " " + Arrays.toString(b);
      case READ_RANGE:
        return s.read(b, op.off, op.len) + " " + Arrays.toString(b);
      case SKIP:
        return String.valueOf(s.skip(op.len));
      case SKIP_N:
        s.skipNBytes(op.len);
        return "void";
      case AVAILABLE:
        return String.valueOf(s.available());
      case MARK_SUPPORTED:
        return String.valueOf(s.markSupported());
      case MARK:
        s.mark(op.len);
        return "void";
      case RESET:
        s.reset();
        return "void";
      case READ_N:
        return Arrays.toString(s.readNBytes(op.len));
      case READ_N_RANGE:
        return s.readNBytes(b, op.off, op.len) + " " + Arrays.toString(b);
      case READ_ALL:
        return Arrays.toString(s.readAllBytes());
      case TRANSFER_TO:
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return s.transferTo(out) + " " + Arrays.toString(out.toByteArray());
      case READ_NULL:
        return String.valueOf(s.read(null));
      case READ_NULL_RANGE:
        return String.valueOf(s.read(null, op.off, op.len));
      case READ_N_NULL_RANGE:
        return String.valueOf(s.readNBytes(null, op.off, op.len));
      case TRANSFER_TO_NULL:
        return String.valueOf(s.transferTo(null));
      case CLOSE:
        s.close();
        return "void";
    }
    throw new AssertionError(op);
  }
}
