// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;

/**
 * The package-private parts of {@code dev.flowmeter} that other parts of Flowmeter need, lent
 * through this interface instead of being made public API. {@code dev.flowmeter} implements it and
 * registers the one instance with {@link AgentHooks#register} from a static initializer; callers go
 * through {@link AgentHooks}, never through an instance of their own.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public interface RuntimeAccess {
  /**
   * Counts {@code n} more bytes of {@code transfer} with one plain addition, as the library's own
   * wrappers do; see {@link AgentHooks#record}.
   */
  void record(Transfer transfer, long n);

  /**
   * Cancels {@code transfer} when {@code owner} becomes unreachable before the transfer ended; see
   * {@link AgentHooks#cancelWhenUnreachable}.
   */
  void cancelWhenUnreachable(Object owner, Transfer transfer);

  /**
   * Ends {@code transfer} as cancelled for an interruption seen on its stream, without stopping its
   * I/O (the application may retry, as it could on the raw stream); see {@link
   * AgentHooks#interrupted}.
   */
  void interrupted(Transfer transfer, String reason);

  /**
   * Whether a cancel stopped {@code transfer}'s I/O, with the load the library's wrappers use; see
   * {@link AgentHooks#stopped}.
   */
  boolean stopped(Transfer transfer);

  /**
   * Makes {@code transfer}'s share done its own count over its own total, whatever its children
   * say; see {@link AgentHooks#ownShare}.
   */
  void ownShare(Transfer transfer);
}
