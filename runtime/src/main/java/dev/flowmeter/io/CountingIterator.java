// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.lang.ref.Reference;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * An iterator that counts the items it hands out into a {@link TransferImpl} and completes the
 * transfer when the items run out; also the entry point for counting a {@link Stream}.
 *
 * <p>{@code next()} counts one item; {@code hasNext()} returning {@code false}, {@code
 * forEachRemaining} returning, or {@code next()} throwing {@link NoSuchElementException} completes
 * the transfer (each says the iteration is over). Any other exception from the delegate (or from
 * the action given to {@code forEachRemaining}) marks it failed and reaches the caller unchanged,
 * except an exception thrown for the caller's own arguments (see {@link WrapperHooks#threw}). An
 * iteration left unfinished (a {@code break}) ends as cancelled once the iterator is
 * garbage-collected.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, {@code next()} and each
 * further item of a running {@code forEachRemaining} throw {@link
 * java.util.concurrent.CancellationException} (an iterator cannot throw an {@code IOException}).
 *
 * <p>Thread-safety: like the iterators it wraps, not for concurrent use.
 */
final class CountingIterator<T> implements Iterator<T>, Counted {
  /**
   * The transfer of each counted {@link Stream} handed out by {@link #wrap(Stream, TransferImpl)},
   * for {@link Flowmeter#transferOf(Object)}; weak, so an entry goes with its stream. A stream
   * pipeline does not override {@code equals}, so the keys compare by identity.
   */
  private static final Map<Object, TransferImpl> streams =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Iterator<T> delegate;
  private final TransferImpl transfer;

  private CountingIterator(Iterator<T> delegate, TransferImpl transfer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static <T> Iterator<T> create(Iterator<T> delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingIterator<>(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  /** The transfer of a stream returned by {@link #wrap(Stream, TransferImpl)}, or null. */
  static @Nullable TransferImpl transferOfStream(Object stream) {
    return stream instanceof Stream ? streams.get(stream) : null;
  }

  /**
   * Wraps {@code stream}: its items are counted as they pass, the transfer completes when the
   * stream is exhausted or closed, and it fails when closing the source throws.
   *
   * <p>A parallel stream is counted with atomic adds once it is split (see {@link
   * CountingSpliterator}); a short-circuiting operation ({@code findFirst}, {@code limit}) leaves
   * the transfer running until the stream is closed or garbage-collected.
   */
  static <T> Stream<T> wrap(Stream<T> stream, TransferImpl transfer) {
    Objects.requireNonNull(stream, "stream");
    CountingSpliterator.Progress progress =
        WrapperHooks.register(new CountingSpliterator.Progress(transfer), transfer);
    Stream<T> counted =
        StreamSupport.stream(
            new CountingSpliterator<>(stream.spliterator(), progress, false), stream.isParallel());
    Stream<T> closing =
        counted.onClose(
            () -> {
              try {
                stream.close();
              } catch (Throwable e) {
                WrapperHooks.threw(transfer, e);
                throw e;
              }
              WrapperHooks.closed(transfer);
            });
    streams.put(closing, transfer);
    return closing;
  }

  @Override
  public boolean hasNext() {
    try {
      boolean more = delegate.hasNext();
      if (!more) {
        WrapperHooks.closed(transfer);
      }
      return more;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public T next() {
    transfer.checkNotCancelledItems();
    try {
      T item = delegate.next();
      transfer.record(1);
      return item;
    } catch (NoSuchElementException e) {
      WrapperHooks.closed(transfer); // asked past the end: the iteration is over, not broken
      throw e;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void forEachRemaining(Consumer<? super T> action) {
    transfer.checkNotCancelledItems();
    try {
      delegate.forEachRemaining(
          action == null
              ? null // the delegate says what null means, as it would unwrapped
              : item -> {
                transfer.checkNotCancelledItems();
                transfer.record(1);
                action.accept(item);
              });
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
    WrapperHooks.closed(transfer);
  }

  @Override
  public void remove() {
    delegate.remove();
  }

  @Override
  public String toString() {
    return "CountingIterator(" + delegate + ")";
  }
}
