// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.internal.TransferImpl;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one door into the counting wrappers: each method wraps its argument so that what passes is
 * counted into a transfer, which completes, fails or is cancelled by the rules of {@link
 * dev.flowmeter.internal.TransferEnds}.
 *
 * <p>This class is internal and is not intended for public use; {@link dev.flowmeter.Flowmeter} and
 * {@link dev.flowmeter.TransferBuilder} are the public way to wrap. Its methods may change without
 * notice.
 *
 * <p>The wrappers themselves are package-private: an {@code InputStream} wrapper is a {@code
 * Forwarding…} class that only delegates, with a {@code Counting…} subclass that adds what passed.
 * Each registers its transfer for cleanup, so one that becomes unreachable before it ends is
 * cancelled.
 */
public final class CountingStreams {
  private CountingStreams() {}

  /** Counts the bytes read from {@code in} into {@code transfer}. */
  public static InputStream input(InputStream in, TransferImpl transfer) {
    return CountingInputStream.create(in, transfer);
  }

  /** Counts the bytes written to {@code out} into {@code transfer}. */
  public static OutputStream output(OutputStream out, TransferImpl transfer) {
    return CountingOutputStream.create(out, transfer);
  }

  /** Counts the bytes read from {@code channel} into {@code transfer}. */
  public static ReadableByteChannel readable(ReadableByteChannel channel, TransferImpl transfer) {
    return CountingReadableChannel.create(channel, transfer);
  }

  /** Counts the bytes written to {@code channel} into {@code transfer}. */
  public static WritableByteChannel writable(WritableByteChannel channel, TransferImpl transfer) {
    return CountingWritableChannel.create(channel, transfer);
  }

  /** Counts the characters read from {@code reader} into {@code transfer}. */
  public static Reader reader(Reader reader, TransferImpl transfer) {
    return CountingReader.create(reader, transfer);
  }

  /** Counts the characters written to {@code writer} into {@code transfer}. */
  public static Writer writer(Writer writer, TransferImpl transfer) {
    return CountingWriter.create(writer, transfer);
  }

  /** Counts the items {@code iterator} hands out into {@code transfer}. */
  public static <T> Iterator<T> iterator(Iterator<T> iterator, TransferImpl transfer) {
    return CountingIterator.create(iterator, transfer);
  }

  /** Counts the items that pass through {@code stream} into {@code transfer}. */
  public static <T> Stream<T> stream(Stream<T> stream, TransferImpl transfer) {
    return CountingIterator.wrap(stream, transfer);
  }

  /**
   * The transfer {@code wrapped} counts into when it is one of these wrappers (or a stream from
   * {@link #stream}), else null.
   */
  public static @Nullable TransferImpl transferOf(@Nullable Object wrapped) {
    if (wrapped instanceof Counted) {
      return ((Counted) wrapped).transfer();
    }
    return wrapped == null ? null : CountingIterator.transferOfStream(wrapped);
  }

  /** Whether {@code o} is one of these wrappers, so wrapping it again would count twice. */
  public static boolean isCounting(@Nullable Object o) {
    return o instanceof Counted;
  }
}
