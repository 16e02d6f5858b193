// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;

/**
 * What the agent's bootstrap bridge needs of the runtime beyond its public API.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>It lives in the core's package, so it reaches the transfer implementation directly; the
 * agent's bridge, on the bootstrap class path beside the runtime, calls only these static methods,
 * which the JIT inlines into the advice.
 *
 * <p>Thread-safety: each method is safe to call from any thread.
 */
public final class AgentHooks {
  private AgentHooks() {}

  /**
   * Counts {@code n} more bytes of {@code transfer} with the library wrappers' hot path: one plain
   * addition, where {@link Transfer#advance} pays an atomic one and a status check. The caller must
   * be the transfer's only writer and must not call it once the transfer ended (the agent's stream
   * state guarantees both for a stream used by one thread at a time). A transfer the runtime did
   * not make is advanced through {@link Transfer#advance}.
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

  /**
   * Ends {@code transfer} as cancelled because its stream was interrupted: unlike a user's {@link
   * Transfer#cancel}, later calls on its streams still reach the stream, as they would on the raw
   * one. A transfer the runtime did not make is cancelled with {@link Transfer#cancel(String)}.
   */
  public static void interrupted(Transfer transfer, String reason) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).cancel(reason, false);
    } else {
      transfer.cancel(reason);
    }
  }

  /**
   * Whether a user's cancel ({@link Transfer#cancel}, or a sink's cancel by id) stopped {@code
   * transfer}'s I/O: the check the library's wrappers make before each call that moves data, one
   * plain load of a field once compiled, no allocation. An interruption, the cancellations at JVM
   * shutdown and that of an abandoned stream never stop I/O, so this stays {@code false} for them.
   * Always {@code false} for a transfer the runtime did not make.
   */
  public static boolean stopped(Transfer transfer) {
    return transfer instanceof TransferImpl && ((TransferImpl) transfer).stopped();
  }

  /**
   * Makes {@code transfer}'s share done (its percentage) its own count over its own total, whatever
   * its children say: for a file read whose children count other units, such as the uncompressed
   * bytes of its archive entries. A transfer the runtime did not make is left alone.
   */
  public static void ownShare(Transfer transfer) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).ownShare();
    }
  }

  /**
   * Starts the pending {@code transfer} as if it had started {@code agoNanos} ago (its first byte,
   * before the agent's threshold made it worth showing): its elapsed time, average speed and start
   * timestamp count from then. A transfer the runtime did not make starts now.
   */
  public static void startAgo(Transfer transfer, long agoNanos) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).startedAgo(agoNanos);
    } else {
      transfer.start();
    }
  }

  /**
   * A builder of transfers as {@code Flowmeter.transfer()} gives, whose transfers say they were
   * made by the agent's path {@code source} (one of {@link Sources}' words, such as {@code
   * agent.file}) rather than by the public API.
   */
  public static TransferBuilder transfer(String source) {
    return Tracker.global().builder(source);
  }
}
