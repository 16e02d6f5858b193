// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.sink.ProgressSink;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Delivers each event to the listeners of its own transfer, each isolated from the others: a
 * listener that throws is reported once and keeps receiving events.
 */
final class TransferListenerSink implements ProgressSink {
  private static final System.Logger logger = System.getLogger("dev.flowmeter");

  private final Tracker tracker;
  private final Set<ProgressListener> reported = Collections.newSetFromMap(new WeakHashMap<>());

  TransferListenerSink(Tracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    TransferImpl transfer = tracker.find(event.transferId());
    if (transfer == null) {
      return;
    }
    for (ProgressListener listener : transfer.listeners()) {
      try {
        listener.onEvent(event);
      } catch (Throwable t) {
        if (reported.add(listener)) {
          logger.log(
              Level.WARNING,
              "Flowmeter listener " + listener + " of " + transfer + " failed (reported once)",
              t);
        }
      }
    }
  }
}
