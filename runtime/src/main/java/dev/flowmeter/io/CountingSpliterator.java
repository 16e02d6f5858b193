// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.lang.ref.Reference;
import java.util.Comparator;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A spliterator that counts the items it hands out into a {@link TransferImpl}, for {@link
 * CountingIterator#wrap(java.util.stream.Stream, TransferImpl)}.
 *
 * <p>The transfer completes when every part of the spliterator (the original one and every part
 * split off it) is exhausted. Characteristics, size estimates and the comparator are the
 * delegate's.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, {@code tryAdvance} and
 * each further item of a running {@code forEachRemaining} throw {@link
 * java.util.concurrent.CancellationException}.
 *
 * <p>Thread-safety: each part is used by one thread at a time, as the {@link Spliterator} contract
 * requires; different parts may run on different threads.
 */
final class CountingSpliterator<T> implements Spliterator<T> {
  /*
   * Design notes
   *
   * Concurrency: TransferImpl.record(n) allows a single writer. As long as nobody split this
   * spliterator (every sequential stream), its one part counts with record(1). A successful
   * trySplit() means the two parts may run on different threads at the same time, so both from
   * then on count with Transfer.advance(1), an atomic add. Parts split off later inherit that.
   * The flag is a plain field: it is written by the thread that splits, before the part is
   * handed to another thread (which a fork/join framework does with a happens-before edge), and
   * read only by the thread that owns the part.
   *
   * Completion: Progress.parts counts the parts not yet exhausted; the last one to run out
   * completes the transfer. Progress is also the object registered for cleanup: every part holds
   * it, so it stays reachable while any part is in use.
   */
  private final Spliterator<T> delegate;
  private final Progress progress;
  private boolean shared;
  private boolean exhausted;

  CountingSpliterator(Spliterator<T> delegate, Progress progress, boolean shared) {
    this.delegate = delegate;
    this.progress = progress;
    this.shared = shared;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    TransferImpl transfer = progress.transfer;
    transfer.checkNotCancelledItems();
    try {
      if (delegate.tryAdvance(action)) {
        if (shared) {
          transfer.advance(1);
        } else {
          transfer.record(1);
        }
        return true;
      }
      exhausted();
      return false;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void forEachRemaining(Consumer<? super T> action) {
    TransferImpl transfer = progress.transfer;
    transfer.checkNotCancelledItems();
    Consumer<T> counting;
    if (shared) {
      counting =
          item -> {
            transfer.checkNotCancelledItems();
            transfer.advance(1);
            action.accept(item);
          };
    } else {
      counting =
          item -> {
            transfer.checkNotCancelledItems();
            transfer.record(1);
            action.accept(item);
          };
    }
    try {
      delegate.forEachRemaining(counting);
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
    exhausted();
  }

  private void exhausted() {
    if (!exhausted) {
      exhausted = true;
      if (progress.parts.decrementAndGet() == 0) {
        WrapperHooks.closed(progress.transfer);
      }
    }
  }

  @Override
  public @Nullable Spliterator<T> trySplit() {
    Spliterator<T> prefix = delegate.trySplit();
    if (prefix == null) {
      return null;
    }
    shared = true;
    progress.parts.incrementAndGet();
    return new CountingSpliterator<>(prefix, progress, true);
  }

  @Override
  public long estimateSize() {
    return delegate.estimateSize();
  }

  @Override
  public long getExactSizeIfKnown() {
    return delegate.getExactSizeIfKnown();
  }

  @Override
  public int characteristics() {
    return delegate.characteristics();
  }

  @Override
  public @Nullable Comparator<? super T> getComparator() {
    return delegate.getComparator();
  }

  @Override
  public String toString() {
    return "CountingSpliterator(" + delegate + ")";
  }

  /** What all parts of one counted stream share. */
  static final class Progress {
    final TransferImpl transfer;
    final AtomicInteger parts = new AtomicInteger(1);

    Progress(TransferImpl transfer) {
      this.transfer = transfer;
    }
  }
}
