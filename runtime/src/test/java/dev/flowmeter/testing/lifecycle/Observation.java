// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario showed through one door: the lifecycle events of every transfer it started, in
 * the order the listener received them, and what the reading code itself saw (the bytes it read and
 * how its reading ended).
 *
 * @param events the lifecycle events of the scenario's transfers, in delivery order
 * @param readerBytes the bytes the scenario's code read
 * @param readerOutcome how its reading ended, in the words of {@link LifecycleRunner}
 */
public record Observation(List<LifecycleEvent> events, long readerBytes, String readerOutcome) {
  /** The events of each transfer, by id, in order of the transfers' first events. */
  public Map<Long, List<LifecycleEvent>> byTransfer() {
    Map<Long, List<LifecycleEvent>> transfers = new LinkedHashMap<>();
    for (LifecycleEvent e : events) {
      transfers.computeIfAbsent(e.transferId(), id -> new ArrayList<>()).add(e);
    }
    return transfers;
  }
}
