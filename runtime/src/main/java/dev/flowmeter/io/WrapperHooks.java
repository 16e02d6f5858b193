// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.TransferEnds;
import dev.flowmeter.internal.TransferImpl;

/**
 * The lifecycle calls every counting wrapper makes besides {@link TransferImpl#record(long)} and
 * {@link TransferImpl#checkNotCancelled()}: registration for abandoned wrappers, end of stream,
 * close, and what an exception from the delegate means.
 *
 * <p>Every wrapper method that reaches the delegate has the same shape:
 *
 * <pre>{@code
 * transfer.checkNotCancelled();          // only in methods that move data
 * try {
 *   int n = super.read(b, off, len);
 *   ... transfer.record(n) ...
 *   return n;
 * } catch (Throwable e) {
 *   WrapperHooks.threw(transfer, e);
 *   throw e;                             // the delegate's own exception, unchanged
 * } finally {
 *   Reference.reachabilityFence(this);
 * }
 * }</pre>
 *
 * The shape is written out in each method rather than passed as a lambda, which could allocate on
 * the hot path; what is shared, the rules, lives here.
 *
 * <p>A transfer whose end a tracked call decides ({@link TransferImpl#endedByCall()}, the
 * parameters of a {@code @Tracked} method) is left alone by these hooks: the call completes or
 * fails it when the method returns or throws.
 *
 * <p>Each call is fail-open: a defect in Flowmeter's own bookkeeping is swallowed here so that it
 * never replaces the result or the exception the application would have seen from the raw stream.
 * None of these methods is on the per-call hot path; they run once per transfer (or once per
 * end-of-stream result).
 */
final class WrapperHooks {
  private WrapperHooks() {}

  /**
   * Registers {@code wrapper} so that its transfer is cancelled if the wrapper becomes unreachable
   * before the transfer ended (a stream dropped without {@code close()}); returns {@code wrapper}.
   */
  static <W> W register(W wrapper, TransferImpl transfer) {
    if (transfer.endedByCall()) {
      return wrapper;
    }
    try {
      transfer.tracker().cancelWhenUnreachable(wrapper, transfer);
    } catch (RuntimeException e) {
      // fail-open: without the registration only the abandoned-stream cleanup is lost
    }
    return wrapper;
  }

  /** The wrapped source reported its end: completes the transfer when its total is known. */
  static void endOfStream(TransferImpl transfer) {
    if (!transfer.endedByCall()) {
      TransferEnds.endOfStream(transfer); // the rule shared with the agent's streams
    }
  }

  /**
   * The wrapped stream closed without error: completes the transfer unless it already ended (a
   * second close, or a close after a failure, changes nothing).
   */
  static void closed(TransferImpl transfer) {
    if (!transfer.endedByCall()) {
      TransferEnds.closed(transfer); // the rule shared with the agent's streams
    }
  }

  /**
   * The delegate (or the destination of a {@code transferTo}) threw {@code thrown}; the caller
   * rethrows it unchanged. What it means for the transfer:
   *
   * <ul>
   *   <li>the caller's own mistake ({@link #isCallerError}: a bad offset or length, a {@code null}
   *       buffer or destination, a negative count a reader refuses): nothing; the call was refused,
   *       and the transfer goes on as it would on the raw stream;
   *   <li>an interruption ({@link TrackedCall#isCancellation}): the transfer is cancelled, as a
   *       {@code @Tracked} call is, but its I/O is not stopped (the application may retry, as it
   *       could on the raw stream);
   *   <li>anything else, an {@code IOException} above all: the transfer fails.
   * </ul>
   *
   * A transfer that already ended keeps its end, and a transfer whose end a tracked call decides is
   * left to the call.
   */
  static void threw(TransferImpl transfer, Throwable thrown) {
    if (!transfer.endedByCall()) {
      TransferEnds.threw(transfer, thrown); // the one classification, shared with the agent
    }
  }

  /**
   * Whether {@code thrown} is how a stream refuses the caller's arguments: the unchecked exceptions
   * that {@link java.io.InputStream}, {@link java.io.Reader}, {@link java.io.Writer} and the
   * channels specify for them ({@link IndexOutOfBoundsException}, {@link NullPointerException},
   * {@link IllegalArgumentException}, and {@link java.nio.ReadOnlyBufferException} for a read into
   * a read-only buffer); see {@link TransferEnds#isCallersError}. The arguments are not checked
   * here; the wrapper stays transparent, and the exception the delegate chose is the
   * classification.
   *
   * <p>Limit: a delegate with a bug that throws one of these for valid arguments is taken for a
   * caller error too, and its transfer is left running; closing the stream or dropping it still
   * ends it. An {@code IOException} or any other exception always fails the transfer.
   */
  static boolean isCallerError(Throwable thrown) {
    return TransferEnds.isCallersError(thrown);
  }
}
