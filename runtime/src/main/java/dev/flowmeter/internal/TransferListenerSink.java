// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Delivers each event to the listeners of its own transfer, each isolated from the others: a
 * listener that throws is reported once and keeps receiving events.
 *
 * <p>The dispatcher hands over the transfer's listeners with each event (and nothing else of the
 * transfer, so an ended transfer waiting for them costs only its events), and a listener gets its
 * final event however soon the tracker forgets the finished transfer ({@code
 * flowmeter.retention-count=0} included).
 */
final class TransferListenerSink implements DeliveryTarget {
  // the dispatcher's one thread uses this set
  private final Set<ProgressListener> reported = Collections.newSetFromMap(new WeakHashMap<>());

  @Override
  public void deliver(ProgressEvent event, List<ProgressListener> listeners) {
    for (ProgressListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (Throwable t) {
        if (reported.add(listener)) {
          Diagnostics.once(
              "listener:" + System.identityHashCode(listener),
              "listener "
                  + UserCode.text(listener)
                  + " of "
                  + TransferImpl.describe(event.transferId(), event.operation(), event.name())
                  + " failed ("
                  + Diagnostics.describe(t)
                  + "); it goes on receiving events",
              t);
        }
      }
    }
  }
}
