// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.time.Duration;

/**
 * What {@link TransferHistory#stats} says of one transfer: its row, and the figures drawn from it
 * and from its progress rows.
 *
 * @param transfer the transfer's row
 * @param progressRows how many progress rows it has
 * @param maxSpeed the highest speed seen, in units per second: the highest of its progress rows'
 *     speeds and its average speed (a transfer shorter than one interval has no progress row)
 */
public record TransferStats(TransferRecord transfer, long progressRows, double maxSpeed) {
  /** From its start to its end, or to its last update while it has not ended. */
  public Duration duration() {
    return transfer.duration();
  }

  /** Its count over its duration, in units per second. */
  public double averageSpeed() {
    return transfer.averageSpeed();
  }
}
