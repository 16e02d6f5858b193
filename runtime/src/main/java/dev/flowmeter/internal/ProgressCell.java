// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import org.jspecify.annotations.Nullable;

/**
 * What the reporter last sampled of one transfer, where every {@link SinkDispatcher} pulls it from
 * (see the dispatcher's design notes): the reporter writes one snapshot here per pass instead of
 * offering it to each sink. Kept apart from the transfer, so that a slow sink's queue, which holds
 * the cells of the transfers it is behind on, holds nothing else of them.
 *
 * <p>Thread-safety: {@code lifecycles}, {@code joinsSeen} and {@code listenerJoined} are guarded by
 * the transfer's monitor; {@code latest} is written under it and read by the dispatcher threads.
 */
final class ProgressCell {
  /** The lifecycle events the transfer has emitted so far. */
  int lifecycles;

  /** The tracker's {@link Tracker#joins()} when the reporter last sampled the transfer. */
  int joinsSeen;

  /** A listener was added to the transfer since the reporter last sampled it. */
  boolean listenerJoined;

  /** The newest snapshot, and how many lifecycle events came before it. */
  volatile @Nullable Sample latest;

  ProgressCell(int joins) {
    this.joinsSeen = joins;
  }

  /** A snapshot, and the number of the transfer's lifecycle events before it. */
  record Sample(ProgressEvent event, int lifecycles) {}
}
