// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class CountingIteratorTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer() {
    return (TransferImpl) tracker.builder().start();
  }

  @Test
  void next_countsAndExhaustionCompletes() {
    TransferImpl transfer = transfer();
    Iterator<String> it = CountingIterator.create(List.of("a", "b", "c").iterator(), transfer);

    List<String> seen = new ArrayList<>();
    while (it.hasNext()) {
      assertThat(transfer.isDone()).isFalse();
      seen.add(it.next());
    }

    assertThat(seen).containsExactly("a", "b", "c");
    assertThat(transfer.bytes()).isEqualTo(3);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void nextPastTheEnd_completesAndRethrows() {
    TransferImpl transfer = transfer();
    Iterator<String> it = CountingIterator.create(List.of("a").iterator(), transfer);
    it.next();

    assertThat(catchThrowable(it::next)).isInstanceOf(NoSuchElementException.class);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void forEachRemaining_countsAndCompletes() {
    TransferImpl transfer = transfer();
    Iterator<Integer> it = CountingIterator.create(List.of(1, 2, 3, 4).iterator(), transfer);
    it.next();

    List<Integer> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);

    assertThat(rest).containsExactly(2, 3, 4);
    assertThat(transfer.bytes()).isEqualTo(4);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void remove_delegates() {
    List<String> items = new ArrayList<>(List.of("a", "b"));
    Iterator<String> it = CountingIterator.create(items.iterator(), transfer());

    it.next();
    it.remove();

    assertThat(items).containsExactly("b");
  }

  @Test
  void failingDelegate_marksFailedAndRethrows() {
    IllegalStateException failure = new IllegalStateException("cursor lost");
    TransferImpl transfer = transfer();
    Iterator<String> it =
        CountingIterator.create(
            new Iterator<String>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public String next() {
                throw failure;
              }
            },
            transfer);

    assertThat(catchThrowable(it::next)).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void iterable_throughBuilder_usesCollectionSizeAsTotal() {
    Iterable<String> items = tracker.builder().wrap(List.of("x", "y"));

    for (String item : items) {
      assertThat(item).isNotEmpty();
    }
    ProgressEvent done = tracker.snapshots().get(0);

    assertThat(done.unit()).isEqualTo(Unit.ITEMS);
    assertThat(done.totalBytes()).isEqualTo(2);
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void sequentialStream_countsAndCompletesWhenExhausted() {
    TransferImpl transfer = transfer();

    List<Integer> result =
        CountingIterator.wrap(Stream.of(1, 2, 3, 4, 5), transfer)
            .filter(i -> i % 2 == 1)
            .collect(Collectors.toList());

    assertThat(result).containsExactly(1, 3, 5);
    assertThat(transfer.bytes()).isEqualTo(5);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void parallelStream_countsEveryItemExactlyOnce() {
    TransferImpl transfer = transfer();

    long sum =
        CountingIterator.wrap(IntStream.range(0, 200_000).boxed().parallel(), transfer)
            .mapToLong(Integer::longValue)
            .sum();

    assertThat(sum).isEqualTo(199_999L * 200_000L / 2);
    assertThat(transfer.bytes()).isEqualTo(200_000);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void shortCircuitedStream_completesOnClose() {
    TransferImpl transfer = transfer();
    boolean[] sourceClosed = {false};

    try (Stream<Integer> stream =
        CountingIterator.wrap(
            Stream.iterate(1, i -> i + 1).onClose(() -> sourceClosed[0] = true), transfer)) {
      assertThat(stream.filter(i -> i > 3).findFirst()).contains(4);
      assertThat(transfer.isDone()).isFalse();
    }

    assertThat(sourceClosed[0]).isTrue();
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.bytes()).isEqualTo(4);
  }

  @Test
  void failingSourceClose_marksFailed() {
    IllegalStateException failure = new IllegalStateException("cannot release cursor");
    TransferImpl transfer = transfer();
    Stream<String> stream =
        CountingIterator.wrap(
            Stream.of("a")
                .onClose(
                    () -> {
                      throw failure;
                    }),
            transfer);

    assertThat(catchThrowable(stream::close)).isSameAs(failure);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void cancel_nextThrowsCancellationException() {
    TransferImpl transfer = transfer();
    Iterator<String> it = CountingIterator.create(List.of("a", "b", "c").iterator(), transfer);
    it.next();

    transfer.cancel("stop");

    assertThat(catchThrowable(it::next))
        .isInstanceOf(CancellationException.class)
        .hasMessage("transfer cancelled: stop");
    assertThat(transfer.bytes()).isEqualTo(1);
  }

  @Test
  void cancelDuringForEachRemaining_stopsAtTheNextItem() {
    TransferImpl transfer = transfer();
    Iterator<Integer> it =
        CountingIterator.create(IntStream.range(0, 10).boxed().iterator(), transfer);
    List<Integer> seen = new ArrayList<>();

    Throwable thrown =
        catchThrowable(
            () ->
                it.forEachRemaining(
                    i -> {
                      seen.add(i);
                      if (i == 2) {
                        transfer.cancel();
                      }
                    }));

    assertThat(thrown).isInstanceOf(CancellationException.class);
    assertThat(seen).containsExactly(0, 1, 2);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void forEachRemainingWithNull_isTheDelegatesToRefuse() {
    TransferImpl transfer = transfer();
    Iterator<String> raw = List.of("a").iterator();
    Iterator<String> it = CountingIterator.create(List.of("a").iterator(), transfer);

    Throwable expected = catchThrowable(() -> raw.forEachRemaining(null));
    Throwable actual = catchThrowable(() -> it.forEachRemaining(null));

    assertThat(actual).isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
    assertThat(transfer.status()).isEqualTo(Status.STARTING);
  }

  @Test
  void cancel_stopsAWrappedStream() {
    TransferImpl transfer = transfer();
    Stream<Integer> counted = CountingIterator.wrap(IntStream.range(0, 10).boxed(), transfer);

    Throwable thrown =
        catchThrowable(
            () ->
                counted.forEach(
                    i -> {
                      if (i == 2) {
                        transfer.cancel();
                      }
                    }));

    assertThat(thrown).isInstanceOf(CancellationException.class);
    assertThat(transfer.bytes()).isEqualTo(3);
  }
}
