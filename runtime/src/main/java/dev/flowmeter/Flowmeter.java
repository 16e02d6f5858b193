// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The entry point: wraps what moves bytes so that its progress is reported, or starts transfers to
 * count by hand.
 *
 * <pre>{@code
 * try (InputStream in = Flowmeter.wrap(Files.newInputStream(path), path);
 *     OutputStream out = Files.newOutputStream(target)) {
 *   in.transferTo(out);   // a bar on the console, speed and ETA included
 * }
 * }</pre>
 *
 * <p>All transfers of the JVM report into one tracker, created on first use from the {@code
 * flowmeter.*} configuration (system properties, then {@code FLOWMETER_*} environment variables,
 * then the file named by {@code flowmeter.config}). A configuration error is thrown as a {@link
 * ConfigException} by the first call that needs the tracker, and by every later one until it is
 * fixed.
 *
 * <p>Wrapped streams are transparent: they return, write and throw exactly what the wrapped stream
 * does. The only work added to a {@code read} or {@code write} is one addition to a counter;
 * sampling, speed, ETA and output happen on Flowmeter's own daemon threads.
 */
public final class Flowmeter {
  private Flowmeter() {}

  /** A builder for a transfer with an operation, name, total, attributes, parent or listeners. */
  public static TransferBuilder transfer() {
    return new TransferBuilder(Tracker.global());
  }

  /** Starts a transfer of unknown total to count by hand. */
  public static Transfer start(String name) {
    return transfer().name(name).start();
  }

  /** Starts a transfer of {@code totalBytes} to count by hand. */
  public static Transfer start(String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).start();
  }

  /**
   * Wraps an input stream. A {@link java.io.FileInputStream}'s total is found from its file; any
   * other stream's total is unknown.
   */
  public static InputStream wrap(InputStream in) {
    return transfer().wrap(in);
  }

  /** Wraps an input stream under {@code name}. */
  public static InputStream wrap(InputStream in, String name) {
    return transfer().name(name).wrap(in);
  }

  /** Wraps an input stream under {@code name} with a known total. */
  public static InputStream wrap(InputStream in, String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).wrap(in);
  }

  /** Wraps an input stream that reads {@code source}: named after the file, its size as total. */
  public static InputStream wrap(InputStream in, Path source) {
    return transfer().file(source).wrap(in);
  }

  /** Wraps an input stream that reads {@code source}: named after the file, its size as total. */
  public static InputStream wrap(InputStream in, File source) {
    return transfer().file(Objects.requireNonNull(source, "source").toPath()).wrap(in);
  }

  /** Opens {@code file} for reading, counted, with its size as total. */
  public static InputStream open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    InputStream in = Files.newInputStream(file);
    return transfer().file(file).wrap(in);
  }

  /** Opens {@code file} for reading, counted, with its size as total. */
  public static InputStream open(File file) throws IOException {
    return open(Objects.requireNonNull(file, "file").toPath());
  }

  /** Wraps an output stream; its total is unknown. */
  public static OutputStream wrap(OutputStream out) {
    return transfer().wrap(out);
  }

  /** Wraps an output stream under {@code name}. */
  public static OutputStream wrap(OutputStream out, String name) {
    return transfer().name(name).wrap(out);
  }

  /** Wraps an output stream under {@code name} with a known total. */
  public static OutputStream wrap(OutputStream out, String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).wrap(out);
  }

  /**
   * Wraps a readable channel. A file channel's total is its size less its position. (A {@link
   * FileChannel} is both readable and writable: use {@link #wrapReading(FileChannel)}.)
   */
  public static ReadableByteChannel wrap(ReadableByteChannel channel) {
    return transfer().wrap(channel);
  }

  /** Wraps a writable channel; its total is unknown. */
  public static WritableByteChannel wrap(WritableByteChannel channel) {
    return transfer().wrap(channel);
  }

  /** Wraps a file channel that is read from, with its size less its position as total. */
  public static ReadableByteChannel wrapReading(FileChannel channel) {
    return transfer().wrapReading(channel);
  }

  /** Wraps a file channel that is written to. */
  public static WritableByteChannel wrapWriting(FileChannel channel) {
    return transfer().wrapWriting(channel);
  }

  /** Wraps a reader; the transfer counts characters. */
  public static Reader wrap(Reader reader) {
    return transfer().wrap(reader);
  }

  /** Wraps a writer; the transfer counts characters. */
  public static Writer wrap(Writer writer) {
    return transfer().wrap(writer);
  }

  /** Wraps an iterable; each of its iterators counts items. A collection's size is its total. */
  public static <T> Iterable<T> wrap(Iterable<T> iterable) {
    return transfer().wrap(iterable);
  }

  /** Wraps an iterable with {@code total} items. */
  public static <T> Iterable<T> wrap(Iterable<T> iterable, long total) {
    return transfer().totalBytes(total).wrap(iterable);
  }

  /** Wraps an iterator with {@code total} items (negative for unknown). */
  public static <T> Iterator<T> wrap(Iterator<T> iterator, long total) {
    return transfer().totalBytes(total).wrap(iterator);
  }

  /** Wraps a stream with {@code total} items (negative for unknown). */
  public static <T> Stream<T> wrap(Stream<T> stream, long total) {
    return transfer().totalBytes(total).wrap(stream);
  }

  /**
   * The transfer behind {@code wrapped}, when it is a stream, reader, writer, channel, iterator or
   * stream of items returned by Flowmeter ({@code wrap}, {@code open}, a {@link TransferBuilder} or
   * {@link TrackedCall}); empty for anything else.
   *
   * <p>Through it, another thread can cancel the transfer, and so stop the reading or writing:
   *
   * <pre>{@code
   * InputStream in = Flowmeter.wrap(Files.newInputStream(path), path);
   * Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
   * cancelButton.onClick(() -> transfer.cancel("stopped by the user"));
   * try (in; OutputStream out = Files.newOutputStream(target)) {
   *   in.transferTo(out);          // throws InterruptedIOException once cancelled
   * } catch (InterruptedIOException e) {
   *   Files.deleteIfExists(target);
   * }
   * }</pre>
   *
   * <p>An {@link Iterable} returned by {@code wrap} has no transfer of its own (each of its
   * iterators has one); a stream of items has one only as returned, not after further operations
   * ({@code map}, {@code filter}) made a new stream of it. Never throws for a configuration error.
   *
   * @param wrapped what a Flowmeter method returned
   * @throws NullPointerException if {@code wrapped} is {@code null}
   */
  public static Optional<Transfer> transferOf(Object wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    if (wrapped instanceof Counted) {
      return Optional.of(((Counted) wrapped).transfer());
    }
    return Optional.ofNullable(CountingIterator.transferOfStream(wrapped));
  }

  /**
   * Adds a listener for every transfer of the JVM. Each global listener has its own thread, so a
   * slow one delays only itself.
   */
  public static void addListener(ProgressListener listener) {
    Tracker.global().addListener(listener);
  }

  /** Removes a listener added with {@link #addListener}; returns whether it was there. */
  public static boolean removeListener(ProgressListener listener) {
    return Tracker.global().removeListener(listener);
  }

  /**
   * Snapshots of the transfers running now and of those finished within {@code
   * flowmeter.retention}, oldest first.
   */
  public static List<ProgressEvent> transfers() {
    return Tracker.global().snapshots();
  }

  /**
   * Waits until every event so far has been delivered to every sink and listener and the sinks have
   * flushed, or until {@code timeoutMillis} has passed; returns whether everything was delivered.
   */
  public static boolean flush(long timeoutMillis) {
    return Tracker.global().flush(timeoutMillis);
  }
}
