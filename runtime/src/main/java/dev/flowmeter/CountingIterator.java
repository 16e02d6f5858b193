// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An iterator that counts the items it hands out into a {@link TransferImpl} and completes the
 * transfer when the items run out; also the entry point for counting a {@link Stream}.
 *
 * <p>{@code next()} counts one item; {@code hasNext()} returning {@code false}, {@code
 * forEachRemaining} returning, or {@code next()} throwing {@link NoSuchElementException} completes
 * the transfer (each says the iteration is over). Any other exception from the delegate (or from
 * the action given to {@code forEachRemaining}) marks it failed and reaches the caller unchanged.
 * An iteration left unfinished (a {@code break}) ends as cancelled once the iterator is
 * garbage-collected.
 *
 * <p>Thread-safety: like the iterators it wraps, not for concurrent use.
 */
final class CountingIterator<T> implements Iterator<T> {
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
    return counted.onClose(
        () -> {
          try {
            stream.close();
          } catch (Throwable e) {
            WrapperHooks.failed(transfer, e);
            throw e;
          }
          WrapperHooks.closed(transfer);
        });
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
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public T next() {
    try {
      T item = delegate.next();
      transfer.record(1);
      return item;
    } catch (NoSuchElementException e) {
      WrapperHooks.closed(transfer); // asked past the end: the iteration is over, not broken
      throw e;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void forEachRemaining(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    try {
      delegate.forEachRemaining(
          item -> {
            transfer.record(1);
            action.accept(item);
          });
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
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
