// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import java.util.List;
import java.util.Optional;

/**
 * A sink's view of the tracker's transfers and its one control over them, for sinks that answer
 * questions (an HTTP dashboard, a JMX bean) rather than only record events.
 *
 * <p>Reached through {@link SinkContext#transfers()}; safe to use from the provider's {@code
 * create} on (it does not wait for the tracker to finish starting), and from any thread.
 */
public interface LiveTransfers {
  /**
   * Snapshots of the running transfers and of those finished within {@code flowmeter.retention},
   * oldest first.
   */
  List<ProgressEvent> all();

  /** A snapshot of transfer {@code id}, if it is running or still retained. */
  Optional<ProgressEvent> find(long id);

  /**
   * Cancels transfer {@code id} (and its children) with {@code reason}; returns whether this call
   * ended it (false when unknown or already ended).
   */
  boolean cancel(long id, String reason);

  /** A view with no transfers, for sinks built outside a tracker (tests). */
  static LiveTransfers none() {
    return NoTransfers.INSTANCE;
  }
}
