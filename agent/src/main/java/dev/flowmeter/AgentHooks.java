// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * What the agent's bootstrap bridge needs of the runtime beyond its public API. Not for public use.
 *
 * <p>Why here: the agent jar holds the runtime and this class in one package on the bootstrap class
 * path, so this class reaches the runtime's package-private parts without widening the runtime's
 * public API for the agent's sake.
 *
 * <p>Thread-safety: each method is safe to call from any thread.
 */
public final class AgentHooks {
  private AgentHooks() {}

  /**
   * Counts {@code n} more bytes of {@code transfer} with the library wrappers' hot path: one plain
   * addition, where {@link Transfer#advance} pays an atomic one and a status check. The caller must
   * be the transfer's only writer and must not call it once the transfer ended (the agent's stream
   * state guarantees both for a stream used by one thread at a time).
   */
  public static void record(Transfer transfer, long n) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).record(n);
    } else {
      transfer.advance(n);
    }
  }

  /**
   * Cancels {@code transfer} when {@code owner} (a JDK stream or channel the application never
   * closed) becomes unreachable before the transfer ended, through the tracker's one Cleaner, as
   * for the library's own wrappers. A transfer the runtime did not make is left alone.
   */
  public static void cancelWhenUnreachable(Object owner, Transfer transfer) {
    if (transfer instanceof TransferImpl) {
      TransferImpl impl = (TransferImpl) transfer;
      impl.tracker().cancelWhenUnreachable(owner, impl);
    }
  }
}
