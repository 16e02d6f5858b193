// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * The lifecycle calls every counting wrapper makes besides {@link TransferImpl#record(long)}:
 * registration for abandoned wrappers, end of stream, close and failure.
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
    if (transfer.endedByCall()) {
      return;
    }
    try {
      transfer.endOfStream();
    } catch (RuntimeException e) {
      // fail-open
    }
  }

  /**
   * The wrapped stream closed without error: completes the transfer unless it already ended (a
   * second close, or a close after a failure, changes nothing).
   */
  static void closed(TransferImpl transfer) {
    if (transfer.endedByCall()) {
      return;
    }
    try {
      transfer.complete();
    } catch (RuntimeException e) {
      // fail-open
    }
  }

  /** The delegate threw {@code failure}: marks the transfer failed unless it already ended. */
  static void failed(TransferImpl transfer, Throwable failure) {
    if (transfer.endedByCall()) {
      return;
    }
    try {
      transfer.fail(failure);
    } catch (RuntimeException e) {
      // fail-open: the caller rethrows the delegate's own exception, unchanged
    }
  }
}
