// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * A transfer registered with {@link Flowmeter#cancelOnInterrupt(Transfer, Runnable)}: Ctrl+C
 * cancels it until this hook is closed.
 *
 * <p>Closing is idempotent and thread-safe; once closed, Ctrl+C leaves the transfer alone and the
 * cleanup is not run by it. The program's handling of Ctrl+C is the one it had before, either way:
 * the hook only cancels and cleans up before passing the signal on.
 */
public interface InterruptHook extends AutoCloseable {
  /** Removes the registration. */
  @Override
  void close();
}
