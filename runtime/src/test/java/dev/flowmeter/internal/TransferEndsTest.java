// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The end-of-transfer rules every counting stream follows. */
final class TransferEndsTest {

  @Test
  void endOfStream_knownTotal_completes() {
    Transfer transfer = start(10);
    transfer.advance(9);
    TransferEnds.endOfStream(transfer);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void endOfStream_unknownTotal_leavesItRunningUntilClose() {
    Transfer transfer = start(-1);
    transfer.advance(10);
    TransferEnds.endOfStream(transfer);
    assertThat(transfer.isDone()).isFalse();

    TransferEnds.closed(transfer);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void closed_afterFailure_staysFailed() {
    Transfer transfer = start(-1);
    TransferEnds.threw(transfer, new EOFException("Unexpected end of ZLIB input stream"));
    TransferEnds.closed(transfer);
    TransferEnds.endOfStream(transfer);
    assertThat(transfer.status()).isEqualTo(Status.FAILED);
    assertThat(transfer.snapshot().error()).hasValue("Unexpected end of ZLIB input stream");
  }

  @Test
  void threw_ioOrRuntimeFault_fails() {
    for (Throwable fault :
        new Throwable[] {
          new IOException("disk"),
          new SocketTimeoutException("timeout"),
          new UncheckedIOException(new IOException("x")),
          new IllegalStateException("bug"),
          new BufferOverflowException(),
          new BufferUnderflowException(),
          new OutOfMemoryError()
        }) {
      Transfer transfer = start(100);
      TransferEnds.threw(transfer, fault);
      assertThat(transfer.status()).as(fault.toString()).isEqualTo(Status.FAILED);
    }
  }

  @Test
  void threw_exceptionWhoseGetMessageThrows_stillEndsTheTransfer() {
    Transfer failed = start(100);
    TransferEnds.threw(failed, new DiagnosticsTest.BrokenMessage());
    assertThat(failed.status()).isEqualTo(Status.FAILED);

    Transfer cancelled = start(100);
    TransferEnds.threw(
        cancelled,
        new InterruptedIOException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String getMessage() {
            throw new IllegalStateException("getMessage() is broken");
          }
        });
    assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void threw_interruption_cancelsWithItsMessage() {
    Transfer transfer = start(100);
    TransferEnds.threw(transfer, new InterruptedIOException("read interrupted"));
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(transfer.snapshot().error()).hasValue("read interrupted");
  }

  @Test
  void threw_interruptionWithoutMessage_cancelsWithItsClassName() {
    Transfer transfer = start(100);
    TransferEnds.threw(transfer, new ClosedByInterruptException());
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(transfer.snapshot().error()).hasValue("ClosedByInterruptException");
  }

  @Test
  void threw_everyInterruption_cancels() {
    for (Throwable interruption :
        new Throwable[] {
          new InterruptedException(),
          new CancellationException("stop"),
          new ClosedByInterruptException(),
          new InterruptedIOException(" ")
        }) {
      Transfer transfer = start(100);
      TransferEnds.threw(transfer, interruption);
      assertThat(transfer.status()).as(interruption.toString()).isEqualTo(Status.CANCELLED);
    }
  }

  @Test
  void threw_callersArgumentError_leavesTheTransferAlone() {
    for (Throwable mistake :
        new Throwable[] {
          new IndexOutOfBoundsException("off -1"),
          new NullPointerException("b"),
          new IllegalArgumentException("negative"),
          new ReadOnlyBufferException()
        }) {
      Transfer transfer = start(100);
      transfer.advance(5);
      TransferEnds.threw(transfer, mistake);
      assertThat(transfer.isDone()).as(mistake.toString()).isFalse();
      TransferEnds.closed(transfer);
      assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    }
  }

  @Test
  void firstEndWins_aCancelledTransferIsNeitherFailedNorCompleted() {
    Transfer transfer = start(10);
    TransferEnds.threw(transfer, new InterruptedException());
    TransferEnds.threw(transfer, new IOException("later"));
    transfer.advance(10);
    TransferEnds.endOfStream(transfer);
    TransferEnds.closed(transfer);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void abandoned_droppedOwner_cancelsTheTransfer() {
    Transfer transfer = start(-1);
    TransferEnds.abandoned(new Object(), transfer);

    Collector.untilEnded(transfer);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void everyRule_transferThatThrows_neverThrows() {
    Transfer broken =
        (Transfer)
            Proxy.newProxyInstance(
                Transfer.class.getClassLoader(),
                new Class<?>[] {Transfer.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("broken " + method.getName());
                });
    TransferEnds.endOfStream(broken);
    TransferEnds.closed(broken);
    TransferEnds.threw(broken, new IOException("x"));
    TransferEnds.threw(broken, new InterruptedException());
    TransferEnds.abandoned(new Object(), broken);
    assertThat(broken).isNotNull(); // reached: nothing was thrown
  }

  @Test
  void isInterruption_timeoutIsAFailureNotAnInterruption() {
    assertThat(TransferEnds.isInterruption(new SocketTimeoutException())).isFalse();
    assertThat(TransferEnds.isInterruption(new InterruptedIOException())).isTrue();
    assertThat(TransferEnds.isInterruption(new IOException())).isFalse();
  }

  private static Transfer start(long total) {
    Transfer transfer = Flowmeter.transfer().name("ends").totalBytes(total).start();
    transfer.advance(1);
    return transfer;
  }
}
