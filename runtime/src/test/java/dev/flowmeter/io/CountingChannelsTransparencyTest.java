// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.StreamFixtures.FailingInputStream;
import dev.flowmeter.io.StreamFixtures.FailingOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
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
 * Promise 1 for channels: random read and write sequences give the same results, bytes and
 * exceptions on a raw channel and on an identical channel inside the counting wrapper; a {@code
 * null} buffer is refused the same way and never fails the transfer. The wrapper may be wrapped a
 * second time.
 */
final class CountingChannelsTransparencyTest {
  private static final Tracker tracker = StreamFixtures.manualTracker();

  @AfterContainer
  static void shutDown() {
    tracker.shutdown();
  }

  @Property
  void readableChannel_matchesRawChannel(
      @ForAll @Size(max = 200) byte[] content,
      @ForAll boolean failing,
      @ForAll @IntRange(min = 0, max = 220) int failAt,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice) {
    ReadableByteChannel raw = readable(content, failing, failAt);
    ByteArrayInputStream source = new ByteArrayInputStream(content);
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    ReadableByteChannel wrapped =
        CountingReadableChannel.create(
            failing ? readable(content, true, failAt) : Channels.newChannel(source), transfer);
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
      if (!failing) {
        assertThat(transfer.bytes())
            .as("count after %s", op)
            .isEqualTo(content.length - source.available());
      }
    }
  }

  @Property
  void writableChannel_matchesRawChannel(
      @ForAll boolean failing,
      @ForAll @IntRange(min = 0, max = 120) int capacity,
      @ForAll("operations") List<Op> ops,
      @ForAll boolean wrappedTwice) {
    ByteArrayOutputStream rawBytes = new ByteArrayOutputStream();
    FailingOutputStream rawFailing = new FailingOutputStream(capacity);
    WritableByteChannel raw = Channels.newChannel(failing ? rawFailing : rawBytes);
    ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
    FailingOutputStream innerFailing = new FailingOutputStream(capacity);
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    WritableByteChannel wrapped =
        CountingWritableChannel.create(
            Channels.newChannel(failing ? innerFailing : innerBytes), transfer);
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
      assertThat(innerFailing.toByteArray()).isEqualTo(rawFailing.toByteArray());
      assertThat(innerBytes.toByteArray()).isEqualTo(rawBytes.toByteArray());
      if (!failing) {
        assertThat(transfer.bytes()).as("count after %s", op).isEqualTo(innerBytes.size());
      }
    }
  }

  private static ReadableByteChannel readable(byte[] content, boolean failing, int failAt) {
    return Channels.newChannel(
        failing ? new FailingInputStream(content, failAt) : new ByteArrayInputStream(content));
  }

  enum Kind {
    TRANSFER,
    TRANSFER_DIRECT,
    TRANSFER_NULL,
    IS_OPEN,
    CLOSE
  }

  /** One call: a buffer size and the buffer's starting position (clamped to the size). */
  static final class Op {
    final Kind kind;
    final int size;
    final int position;

    Op(Kind kind, int size, int position) {
      this.kind = kind;
      this.size = size;
      this.position = position;
    }

    @Override
    public String toString() {
      return kind + "(" + size + "," + position + ")";
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
            Arbitraries.integers().between(0, 40))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  private static String apply(Channel channel, Op op) {
    try {
      return "returned " + perform(channel, op);
    } catch (Exception e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String perform(Channel channel, Op op) throws IOException {
    switch (op.kind) {
      case TRANSFER:
      case TRANSFER_DIRECT:
        ByteBuffer buffer =
            op.kind == Kind.TRANSFER
                ? ByteBuffer.allocate(op.size)
                : ByteBuffer.allocateDirect(op.size);
        buffer.put(StreamFixtures.content(op.size)).position(Math.min(op.position, op.size));
        int n =
            channel instanceof ReadableByteChannel
                ? ((ReadableByteChannel) channel).read(buffer)
                : ((WritableByteChannel) channel).write(buffer);
        byte[] all = new byte[op.size];
        buffer.rewind().get(all);
        return n + " at " + buffer.position() + " " + Arrays.toString(all);
      case TRANSFER_NULL:
        return String.valueOf(
            channel instanceof ReadableByteChannel
                ? ((ReadableByteChannel) channel).read(null)
                : ((WritableByteChannel) channel).write(null));
      case IS_OPEN:
        return String.valueOf(channel.isOpen());
      case CLOSE:
        channel.close();
        return "void";
    }
    throw new AssertionError(op);
  }
}
