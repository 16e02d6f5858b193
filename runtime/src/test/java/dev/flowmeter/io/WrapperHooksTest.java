// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wrappers dropped without close: their transfers end as cancelled instead of leaking. */
final class WrapperHooksTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  @Test
  void register_droppedStream_cancelsItsTransfer() throws IOException {
    TransferImpl transfer = readOneByteAndDrop();

    awaitDoneWhileCollecting(transfer);

    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(transfer.snapshot().error())
        .hasValueSatisfying(e -> assertThat(e).contains("abandoned"));
    assertThat(tracker.activeCount()).isZero();
  }

  @Test
  void register_droppedIterator_cancelsItsTransfer() {
    TransferImpl transfer = takeOneItemAndDrop();

    awaitDoneWhileCollecting(transfer);

    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void register_closedStream_keepsItsFinalStatus() throws IOException {
    TransferImpl transfer = readAllCloseAndDrop();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  private TransferImpl readOneByteAndDrop() throws IOException {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(new byte[10]), transfer);
    assertThat(in.read()).isZero();
    return transfer;
  }

  private TransferImpl takeOneItemAndDrop() {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    Iterator<String> it = CountingIterator.create(List.of("a", "b").iterator(), transfer);
    assertThat(it.next()).isEqualTo("a");
    return transfer;
  }

  private TransferImpl readAllCloseAndDrop() throws IOException {
    TransferImpl transfer = (TransferImpl) tracker.builder().start();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(new byte[10]), transfer);
    in.readAllBytes();
    in.close();
    return transfer;
  }

  /** Asks for collections until the transfer ended or 30 s passed; the test then asserts. */
  private static void awaitDoneWhileCollecting(TransferImpl transfer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!transfer.isDone() && System.nanoTime() < deadline) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // lets the Cleaner thread run
    }
  }
}
