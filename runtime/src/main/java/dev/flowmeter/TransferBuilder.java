// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.internal.ForwardingTransfer;
import dev.flowmeter.internal.Sizes;
import dev.flowmeter.internal.Sources;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import dev.flowmeter.io.CountingStreams;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Describes a transfer (operation, name, total, attributes, parent, listeners) and then starts it
 * or wraps what it counts.
 *
 * <pre>{@code
 * try (InputStream in = Flowmeter.transfer()
 *     .operation("upload")
 *     .name("report.pdf")
 *     .totalBytes(size)
 *     .attribute("tenant", "acme")
 *     .wrap(Files.newInputStream(path))) {
 *   client.upload(in);
 * }
 * }</pre>
 *
 * <p>Values not set are found where they can be: {@code wrap} of a {@link FileInputStream} or a
 * {@link SeekableByteChannel} takes the total from the file's size less its position; the operation
 * defaults to {@code read} for inputs and {@code write} for outputs; the name defaults to the
 * operation. A builder is not thread-safe; each terminal call ({@code start}, {@code pending},
 * {@code wrap}) creates a new transfer.
 *
 * <p>Wrapping what is already wrapped creates nothing: {@code wrap} given a stream, reader, writer,
 * channel, iterator or stream of items that Flowmeter returned returns it unchanged, so its bytes
 * are counted once, by the transfer that counts them already. That transfer keeps its name, total,
 * parent, attributes and listeners; this builder's are not used. (A Flowmeter wrapper hidden inside
 * another decorator, such as a {@code BufferedInputStream}, cannot be recognised: each layer is
 * then a transfer of its own.)
 */
public final class TransferBuilder {
  private final Tracker tracker;
  private @Nullable String operation;
  private @Nullable String name;
  private long totalBytes = ProgressEvent.UNKNOWN;
  private @Nullable TransferImpl parent;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<ProgressListener> listeners = new ArrayList<>();
  private @Nullable Unit unit;
  private double weight = 1.0;
  private @Nullable Direction direction;
  // the path that made the builder (Sources): api, or an internal path using the public builder
  private final String source;

  /** The smallest weight {@link #weight(double)} accepts. */
  public static final double MIN_WEIGHT = 1e-6;

  /** The largest weight {@link #weight(double)} accepts. */
  public static final double MAX_WEIGHT = 1e6;

  static {
    Tracker.builders(TransferBuilder::new);
  }

  TransferBuilder(Tracker tracker) {
    this(tracker, Sources.API);
  }

  TransferBuilder(Tracker tracker, String source) {
    this.tracker = tracker;
    this.source = source;
  }

  /**
   * The operation word: {@code read}, {@code write}, {@code upload}, {@code download}, {@code
   * copy}, or your own.
   */
  public TransferBuilder operation(String operation) {
    this.operation = requireText(operation, "operation");
    return this;
  }

  /** The name shown for the transfer: a file name, a URL, a label. */
  public TransferBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The total in the transfer's unit; a negative value means unknown (the default). */
  public TransferBuilder totalBytes(long totalBytes) {
    this.totalBytes = totalBytes < 0 ? ProgressEvent.UNKNOWN : totalBytes;
    return this;
  }

  /**
   * Names the transfer after {@code file} and takes its total from the file's size (left unknown
   * when the size cannot be read, for example when the file does not exist yet).
   */
  public TransferBuilder file(Path file) {
    Objects.requireNonNull(file, "file");
    Path fileName = file.getFileName();
    this.name = fileName != null ? fileName.toString() : file.toString();
    this.totalBytes = Sizes.ofFile(file);
    return this;
  }

  /**
   * Adds a free-form attribute, for example a user or tenant id.
   *
   * <p>A transfer keeps at most 64 attributes (its parent's, its scope's and its own together; the
   * first in the order added) and cuts a key or value longer than 1,000 characters, as it does
   * names, so that one odd argument cannot flood a sink.
   */
  public TransferBuilder attribute(String key, String value) {
    attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds free-form attributes. */
  public TransferBuilder attributes(Map<String, String> attributes) {
    attributes.forEach(this::attribute);
    return this;
  }

  /** Makes the transfer a child of {@code parent} (a stage, or one file of a group). */
  public TransferBuilder parent(Transfer parent) {
    Objects.requireNonNull(parent, "parent");
    TransferImpl record = ForwardingTransfer.recordOf(parent); // an operation or stage: its record
    if (record == null) {
      throw new IllegalArgumentException("parent must be a transfer created by Flowmeter");
    }
    this.parent = record;
    return this;
  }

  /**
   * The weight of this transfer in its parent's percentage (default 1): a parent shows the weighted
   * mean of its children's shares done, so a stage of weight 3 counts three times as much as one of
   * weight 1.
   *
   * <p>A weight lies from {@value #MIN_WEIGHT} to {@value #MAX_WEIGHT}: twelve orders of magnitude
   * between the lightest and the heaviest stage, far more than a percentage can show, and bounds
   * that keep the weighted mean exact (a sum of weights near {@code Double.MAX_VALUE} would
   * overflow to infinity and a product with {@code Double.MIN_VALUE} would underflow to 0, both
   * showing the parent at 0 %).
   *
   * @throws IllegalArgumentException unless {@code weight} is a number from {@value #MIN_WEIGHT} to
   *     {@value #MAX_WEIGHT}
   */
  public TransferBuilder weight(double weight) {
    if (!(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
      throw new IllegalArgumentException(
          "weight must be from " + MIN_WEIGHT + " to " + MAX_WEIGHT + ", not " + weight);
    }
    this.weight = weight;
    return this;
  }

  /**
   * What the transfer counts, for {@link #start()} and {@link #pending()} (default bytes); for
   * example {@code Unit.of("frame", "frames")}. Wrapped streams count bytes, readers and writers
   * characters, iterators items, whatever is set here.
   */
  public TransferBuilder unit(Unit unit) {
    this.unit = Objects.requireNonNull(unit, "unit");
    return this;
  }

  /**
   * Which way the transfer's bytes move, for sinks and metrics that tell bytes in from bytes out.
   * Without it the operation word decides ({@code upload} and {@code write} go out, {@code
   * download} and {@code read} come in), else what {@code wrap} is given (an input stream, reader
   * or readable channel reads; an output stream, writer or writable channel writes), else it is
   * {@link Direction#UNKNOWN}: set it for a transfer counted by hand. See {@link Direction}.
   */
  public TransferBuilder direction(Direction direction) {
    this.direction = Objects.requireNonNull(direction, "direction");
    return this;
  }

  /** Adds a listener for this transfer only. */
  public TransferBuilder listener(ProgressListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Starts a transfer to count by hand with {@link Transfer#advance(long)}. */
  public Transfer start() {
    TransferImpl transfer =
        create(
            operation != null ? operation : "transfer",
            unit != null ? unit : Unit.BYTES,
            Direction.UNKNOWN);
    transfer.start();
    return transfer;
  }

  /** Creates a transfer in status {@code pending}; {@link Transfer#start()} starts it. */
  public Transfer pending() {
    return create(
        operation != null ? operation : "transfer",
        unit != null ? unit : Unit.BYTES,
        Direction.UNKNOWN);
  }

  /**
   * Wraps {@code in} so that every byte read is counted. The transfer completes on {@code close()}
   * or at end of stream when the total is known, and fails when the stream throws.
   */
  public InputStream wrap(InputStream in) {
    Objects.requireNonNull(in, "in");
    if (CountingStreams.isCounting(in)) {
      return in; // counted already: one transfer, not two
    }
    if (totalBytes < 0 && in instanceof FileInputStream) {
      totalBytes = Sizes.remaining((FileInputStream) in);
    }
    return CountingStreams.input(in, startNew("read", Unit.BYTES, Direction.READ));
  }

  /**
   * Wraps {@code out} so that every byte written is counted. The transfer completes on {@code
   * close()}.
   */
  public OutputStream wrap(OutputStream out) {
    Objects.requireNonNull(out, "out");
    if (CountingStreams.isCounting(out)) {
      return out;
    }
    return CountingStreams.output(out, startNew("write", Unit.BYTES, Direction.WRITE));
  }

  /**
   * Wraps a readable channel. For a {@link SeekableByteChannel} (a {@code FileChannel}, say) with
   * no total set, the total is its size less its position.
   */
  public ReadableByteChannel wrap(ReadableByteChannel channel) {
    Objects.requireNonNull(channel, "channel");
    if (CountingStreams.isCounting(channel)) {
      return channel;
    }
    if (totalBytes < 0 && channel instanceof SeekableByteChannel) {
      totalBytes = Sizes.remaining((SeekableByteChannel) channel);
    }
    return CountingStreams.readable(channel, startNew("read", Unit.BYTES, Direction.READ));
  }

  /** Wraps a writable channel. */
  public WritableByteChannel wrap(WritableByteChannel channel) {
    Objects.requireNonNull(channel, "channel");
    if (CountingStreams.isCounting(channel)) {
      return channel;
    }
    return CountingStreams.writable(channel, startNew("write", Unit.BYTES, Direction.WRITE));
  }

  /**
   * Wraps a file channel that is read from; with no total set, the total is its size less its
   * position. (A {@code FileChannel} is both readable and writable, so {@code wrap(channel)} would
   * be ambiguous for it.)
   */
  public ReadableByteChannel wrapReading(FileChannel channel) {
    return wrap((ReadableByteChannel) channel);
  }

  /** Wraps a file channel that is written to. */
  public WritableByteChannel wrapWriting(FileChannel channel) {
    return wrap((WritableByteChannel) channel);
  }

  /** Wraps a reader; the transfer counts characters. */
  public Reader wrap(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    if (CountingStreams.isCounting(reader)) {
      return reader;
    }
    return CountingStreams.reader(reader, startNew("read", Unit.CHARS, Direction.READ));
  }

  /** Wraps a writer; the transfer counts characters. */
  public Writer wrap(Writer writer) {
    Objects.requireNonNull(writer, "writer");
    if (CountingStreams.isCounting(writer)) {
      return writer;
    }
    return CountingStreams.writer(writer, startNew("write", Unit.CHARS, Direction.WRITE));
  }

  /**
   * Wraps an iterable; each iterator it hands out is a transfer that counts items and completes
   * when {@code hasNext()} returns {@code false}. A {@link Collection}'s size is its total when no
   * total is set.
   */
  public <T> Iterable<T> wrap(Iterable<T> iterable) {
    Objects.requireNonNull(iterable, "iterable");
    long total =
        totalBytes < 0 && iterable instanceof Collection
            ? ((Collection<?>) iterable).size()
            : totalBytes;
    TransferBuilder template = copy();
    template.totalBytes = total;
    return () -> template.wrap(iterable.iterator());
  }

  /**
   * Wraps an iterator; the transfer counts items and completes when {@code hasNext()} returns
   * {@code false}.
   */
  public <T> Iterator<T> wrap(Iterator<T> iterator) {
    Objects.requireNonNull(iterator, "iterator");
    if (CountingStreams.isCounting(iterator)) {
      return iterator;
    }
    return CountingStreams.iterator(iterator, startNew("iterate", Unit.ITEMS, Direction.UNKNOWN));
  }

  /**
   * Wraps a stream; the transfer counts items and completes when the stream is exhausted or closed.
   */
  public <T> Stream<T> wrap(Stream<T> stream) {
    Objects.requireNonNull(stream, "stream");
    if (CountingStreams.transferOf(stream) != null) {
      return stream;
    }
    return CountingStreams.stream(stream, startNew("iterate", Unit.ITEMS, Direction.UNKNOWN));
  }

  /** Creates and starts a transfer; {@code side} is the side of what counts its bytes. */
  private TransferImpl startNew(String defaultOperation, Unit unit, Direction side) {
    TransferImpl transfer = create(operation != null ? operation : defaultOperation, unit, side);
    transfer.start();
    return transfer;
  }

  private TransferImpl create(String op, Unit unit, Direction side) {
    return tracker.create(
        parent,
        op,
        name != null ? name : op,
        unit,
        totalBytes,
        attributes,
        listeners,
        weight,
        source,
        Sources.direction(direction, op, side));
  }

  private TransferBuilder copy() {
    TransferBuilder copy = new TransferBuilder(tracker, source);
    copy.operation = operation;
    copy.name = name;
    copy.totalBytes = totalBytes;
    copy.parent = parent;
    copy.attributes.putAll(attributes);
    copy.listeners.addAll(listeners);
    copy.unit = unit;
    copy.weight = weight;
    copy.direction = direction;
    return copy;
  }

  private static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
