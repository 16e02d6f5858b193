// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/**
 * The one set of rules that ends a transfer counted by a stream, whichever path counts it: the
 * agent's file streams and the streams it wraps itself (zip and gzip entries, HTTP bodies), and the
 * library's own wrappers.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <ul>
 *   <li>end of stream completes a transfer whose total is known; one of unknown total waits for
 *       {@code close()} (a reader may stop at a -1 that is not the end of everything, and a stream
 *       above it may still fail);
 *   <li>{@code close()} without error completes;
 *   <li>an exception from the stream fails, except an interruption, which cancels, and the caller's
 *       own argument error, which changes nothing (the stream did nothing wrong);
 *   <li>a stream dropped without {@code close()} is cancelled once it is unreachable.
 * </ul>
 *
 * <p>First end wins: each rule ends the transfer through {@link Transfer#complete}, {@link
 * Transfer#fail} or {@link Transfer#cancel}, which do nothing once it ended, so a close after a
 * failure, or a second close, changes nothing.
 *
 * <p>Fail-open: no method throws; a defect in Flowmeter's own bookkeeping is swallowed here so that
 * the application sees the result or the exception of its own stream, unchanged. None of these
 * methods is on the per-call hot path: they run once per transfer or per end of stream.
 *
 * <p>Thread-safety: each method is safe to call from any thread.
 */
public final class TransferEnds {
  private TransferEnds() {}

  /**
   * The stream reported its end (a read returned -1): completes {@code transfer} when its total is
   * known.
   */
  public static void endOfStream(Transfer transfer) {
    try {
      if (transfer.totalBytes() >= 0) {
        transfer.complete();
      }
    } catch (Throwable e) {
      // fail-open: the application's read has already returned its own result
    }
  }

  /** The stream closed without error: completes {@code transfer} unless it already ended. */
  public static void closed(Transfer transfer) {
    try {
      transfer.complete();
    } catch (Throwable e) {
      // fail-open: the application's close has already returned
    }
  }

  /**
   * A call on the stream threw {@code thrown}: cancels {@code transfer} for an interruption (with
   * the exception's message as the reason), leaves it alone for the caller's own argument error
   * ({@link #isCallersError}), and fails it otherwise; nothing changes once it ended.
   */
  public static void threw(Transfer transfer, Throwable thrown) {
    try {
      if (isCallersError(thrown)) {
        return;
      }
      if (isInterruption(thrown)) {
        String message = UserCode.message(thrown);
        AgentHooks.interrupted(
            transfer,
            message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message);
      } else {
        transfer.fail(thrown);
      }
    } catch (Throwable e) {
      // fail-open: the caller rethrows the stream's own exception, unchanged
    }
  }

  /**
   * Cancels {@code transfer} when {@code owner}, the stream that counts it, becomes unreachable
   * before the transfer ended (dropped without {@code close()}); through the tracker's one Cleaner,
   * see {@link AgentHooks#cancelWhenUnreachable}. {@code owner} is held only weakly.
   */
  public static void abandoned(Object owner, Transfer transfer) {
    try {
      AgentHooks.cancelWhenUnreachable(owner, transfer);
    } catch (Throwable e) {
      // fail-open: without the registration only the cleanup of a dropped stream is lost
    }
  }

  /**
   * Whether {@code thrown} interrupts the work rather than reports a fault: an {@link
   * InterruptedException}, a {@link CancellationException}, a {@link ClosedByInterruptException},
   * or any other {@link InterruptedIOException} but a {@link SocketTimeoutException} (a timeout is
   * a failure).
   */
  public static boolean isInterruption(Throwable thrown) {
    return thrown instanceof InterruptedException
        || thrown instanceof CancellationException
        || thrown instanceof ClosedByInterruptException
        || (thrown instanceof InterruptedIOException
            && !(thrown instanceof SocketTimeoutException));
  }

  /**
   * Whether {@code thrown} is what a stream throws for its caller's own arguments ({@code read(b,
   * 0, -1)}, {@code write(null)}, {@code read(readOnlyBuffer)}): an {@link
   * IndexOutOfBoundsException}, {@link NullPointerException}, {@link IllegalArgumentException} or
   * {@link ReadOnlyBufferException} (a read into a buffer that cannot be written, for which {@link
   * java.io.Reader#read(java.nio.CharBuffer)} throws).
   *
   * <p>A {@link BufferOverflowException} or {@link BufferUnderflowException} is not a caller's
   * error: a correct stream moves at most what the buffer has room for (or holds), so one of these
   * is the stream's own defect and fails the transfer.
   *
   * <p>Limit: the rule goes by type alone, so a stream that throws one of these for a defect of its
   * own leaves its transfer to {@code close()} or abandonment.
   */
  public static boolean isCallersError(Throwable thrown) {
    return thrown instanceof IndexOutOfBoundsException
        || thrown instanceof NullPointerException
        || thrown instanceof IllegalArgumentException
        || thrown instanceof ReadOnlyBufferException;
  }
}
