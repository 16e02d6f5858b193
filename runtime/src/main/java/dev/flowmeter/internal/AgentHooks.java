// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;
import org.jspecify.annotations.Nullable;

/**
 * What the agent's bootstrap bridge needs of the runtime beyond its public API.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>How it reaches the runtime: {@code dev.flowmeter} registers a {@link RuntimeAccess} with
 * {@link #register} from the static initializer of one of its classes, which this class initialises
 * before its first use; so the runtime's internals stay package-private and no class of another
 * module sits in the runtime's package. The instance is held in a {@code static final} field, so
 * the JIT compiles a call here to the runtime's own code, with no lookup in between.
 *
 * <p>Thread-safety: each method is safe to call from any thread.
 */
public final class AgentHooks {
  /** The class of {@code dev.flowmeter} whose static initializer registers its access. */
  private static final String REGISTRAR = "dev.flowmeter.internal.RuntimeAccessor";

  private static volatile @Nullable RuntimeAccess registered;

  private AgentHooks() {}

  /** The registered access, resolved once, on first use. */
  private static final class Holder {
    static final RuntimeAccess ACCESS = load();

    private static RuntimeAccess load() {
      try {
        Class.forName(REGISTRAR, true, AgentHooks.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the runtime has no " + REGISTRAR, e);
      }
      RuntimeAccess access = registered;
      if (access == null) {
        throw new IllegalStateException(REGISTRAR + " registered no access");
      }
      return access;
    }
  }

  /**
   * Registers the runtime's access. Called once, by {@code dev.flowmeter} only.
   *
   * @throws IllegalStateException when an access is registered already
   */
  public static synchronized void register(RuntimeAccess access) {
    if (registered != null) {
      throw new IllegalStateException("the runtime's access is registered already");
    }
    registered = access;
  }

  /**
   * Counts {@code n} more bytes of {@code transfer} with the library wrappers' hot path: one plain
   * addition, where {@link Transfer#advance} pays an atomic one and a status check. The caller must
   * be the transfer's only writer and must not call it once the transfer ended (the agent's stream
   * state guarantees both for a stream used by one thread at a time). A transfer the runtime did
   * not make is advanced through {@link Transfer#advance}.
   */
  public static void record(Transfer transfer, long n) {
    Holder.ACCESS.record(transfer, n);
  }

  /**
   * Cancels {@code transfer} when {@code owner} (a JDK stream or channel the application never
   * closed) becomes unreachable before the transfer ended, through the tracker's one Cleaner, as
   * for the library's own wrappers. A transfer the runtime did not make is left alone.
   */
  public static void cancelWhenUnreachable(Object owner, Transfer transfer) {
    Holder.ACCESS.cancelWhenUnreachable(owner, transfer);
  }

  /**
   * Ends {@code transfer} as cancelled because its stream was interrupted: unlike a user's {@link
   * Transfer#cancel}, later calls on its streams still reach the stream, as they would on the raw
   * one. A transfer the runtime did not make is cancelled with {@link Transfer#cancel(String)}.
   */
  public static void interrupted(Transfer transfer, String reason) {
    Holder.ACCESS.interrupted(transfer, reason);
  }

  /**
   * Whether a user's cancel ({@link Transfer#cancel}, or a sink's cancel by id) stopped {@code
   * transfer}'s I/O: the check the library's wrappers make before each call that moves data, one
   * plain load of a field once compiled, no allocation. An interruption, the cancellations at JVM
   * shutdown and that of an abandoned stream never stop I/O, so this stays {@code false} for them.
   * Always {@code false} for a transfer the runtime did not make.
   */
  public static boolean stopped(Transfer transfer) {
    return Holder.ACCESS.stopped(transfer);
  }

  /**
   * Makes {@code transfer}'s share done (its percentage) its own count over its own total, whatever
   * its children say: for a file read whose children count other units, such as the uncompressed
   * bytes of its archive entries. A transfer the runtime did not make is left alone.
   */
  public static void ownShare(Transfer transfer) {
    Holder.ACCESS.ownShare(transfer);
  }
}
