// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingOutputStream;
import java.io.BufferedWriter;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
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
 * Promise 1 for writers: random write and append sequences give the same results and exceptions on
 * a raw writer and on an identical writer inside the counting wrapper, and leave the same text. The
 * calls include {@code null} strings and arrays, which some writers accept ({@link StringWriter}
 * writes {@code "null"}) and others refuse, and bad ranges; a refused call never fails the
 * transfer. The wrapper may be wrapped a second time.
 */
final class CountingWriterTransparencyTest {
  private static final Tracker tracker = StreamFixtures.manualTracker();

  @AfterContainer
  static void shutDown() {
    tracker.shutdown();
  }

  @Property
  void everyOperation_matchesRawWriter(
      @ForAll @StringLength(max = 30) String text,
      @ForAll Target target,
      @ForAll @IntRange(min = 0, max = 200) int capacity,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice) {
    Destination raw = target.open(capacity);
    Destination inner = target.open(capacity);
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    Writer wrapped = CountingWriter.create(inner.writer, transfer);
    if (wrappedTwice) {
      wrapped = tracker.builder().name("twice").wrap(wrapped);
    }
    boolean ioFailed = false;

    for (Op op : ops) {
      String expected = apply(raw.writer, op, text);
      assertThat(apply(wrapped, op, text)).as("%s after %s", op, ops).isEqualTo(expected);
      assertThat(inner.text()).as("text after %s", op).isEqualTo(raw.text());
      if (target == Target.STRING) {
        StreamFixtures.assertCount(transfer, inner.text().length(), "count after " + op);
      }
      ioFailed |= StreamFixtures.threwIoException(expected);
      if (!ioFailed) {
        assertThat(transfer.status()).as("status after %s", op).isNotEqualTo(Status.FAILED);
      }
    }
  }

  /** The raw writers compared, each built twice. */
  enum Target {
    STRING,
    CHAR_ARRAY,
    BUFFERED,
    PRINT,
    FAILING_ENCODER;

    Destination open(int capacity) {
      switch (this) {
        case STRING:
          StringWriter plain = new StringWriter();
          return new Destination(plain, plain::toString);
        case CHAR_ARRAY:
          CharArrayWriter chars = new CharArrayWriter();
          return new Destination(chars, chars::toString);
        case BUFFERED:
          StringWriter under = new StringWriter();
          return new Destination(new BufferedWriter(under, 8), under::toString);
        case PRINT:
          StringWriter printed = new StringWriter();
          return new Destination(new PrintWriter(printed), printed::toString);
        default:
          FailingOutputStream bytes = new FailingOutputStream(capacity);
          return new Destination(
              new OutputStreamWriter(bytes, StandardCharsets.UTF_8),
              () -> Arrays.toString(bytes.toByteArray()));
      }
    }
  }

  /** A writer and a view of what reached its end. */
  static final class Destination {
    final Writer writer;
    private final Supplier<String> text;

    Destination(Writer writer, Supplier<String> text) {
      this.writer = writer;
      this.text = text;
    }

    String text() {
      return text.get();
    }
  }

  enum Kind {
    WRITE,
    WRITE_ARRAY,
    WRITE_RANGE,
    WRITE_STRING,
    WRITE_STRING_RANGE,
    APPEND,
    APPEND_RANGE,
    APPEND_NULL,
    APPEND_NULL_RANGE,
    APPEND_CHAR,
    WRITE_NULL_STRING,
    WRITE_NULL_STRING_RANGE,
    WRITE_NULL_ARRAY,
    WRITE_NULL_ARRAY_RANGE,
    FLUSH,
    CLOSE
  }

  /** One call: a character, an offset or start and a length or end (any may be invalid). */
  static final class Op {
    final Kind kind;
    final int value;
    final int off;
    final int len;

    Op(Kind kind, int value, int off, int len) {
      this.kind = kind;
      this.value = value;
      this.off = off;
      this.len = len;
    }

    @Override
    public String toString() {
      return kind + "(" + value + "," + off + "," + len + ")";
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
            Arbitraries.integers().between(0, 0x10FFFF),
            Arbitraries.integers().between(-2, 32),
            Arbitraries.integers().between(-2, 32))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  private static String apply(Writer w, Op op, String text) {
    try {
      return "returned " + perform(w, op, text);
    } catch (Exception e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String perform(Writer w, Op op, String text) throws IOException {
    switch (op.kind) {
      case WRITE:
        w.write(op.value);
        return "void";
      case WRITE_ARRAY:
        w.write(text.toCharArray());
        return "void";
      case WRITE_RANGE:
        w.write(text.toCharArray(), op.off, op.len);
        return "void";
      case WRITE_STRING:
        w.write(text);
        return "void";
      case WRITE_STRING_RANGE:
        w.write(text, op.off, op.len);
        return "void";
      case APPEND:
        return self(w, w.append(text));
      case APPEND_RANGE:
        return self(w, w.append(text, op.off, op.len));
      case APPEND_NULL:
        return self(w, w.append(null));
      case APPEND_NULL_RANGE:
        return self(w, w.append(null, op.off, op.len));
      case APPEND_CHAR:
        return self(w, w.append((char) op.value));
      case WRITE_NULL_STRING:
        w.write((String) null);
        return "void";
      case WRITE_NULL_STRING_RANGE:
        w.write((String) null, op.off, op.len);
        return "void";
      case WRITE_NULL_ARRAY:
        w.write((char[]) null);
        return "void";
      case WRITE_NULL_ARRAY_RANGE:
        w.write((char[]) null, op.off, op.len);
        return "void";
      case FLUSH:
        w.flush();
        return "void";
      case CLOSE:
        w.close();
        return "void";
    }
    throw new AssertionError(op);
  }

  private static String self(Writer w, Writer returned) {
    return returned == w ? "itself" : "another writer";
  }
}
