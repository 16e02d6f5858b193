// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parent's share done as the weighted mean of its children's: the weight and share of the
 * children that ended, kept as two sums, and the live children asked when the mean is taken.
 *
 * <p>Concurrency: a child that ends leaves the parent's live set and enters the sums in one step
 * under this object's monitor, and the mean copies the set and the sums under the same monitor, so
 * the parent's share never dips or doubles while a child ends. Nothing is locked while this monitor
 * is held (the children's own shares are read after it is released), so it cannot take part in a
 * deadlock.
 */
final class ChildShares {
  private double endedWeight; // guarded by this
  private double endedShare; // guarded by this: each ended child's weight times its last share
  private long endedCount; // guarded by this: the last counts of the ended children summed

  /**
   * {@code child} ended with {@code lastShare} and {@code lastCount} (0 when it counts another unit
   * than the parent): it leaves {@code live} and enters the sums.
   */
  synchronized void ended(
      Set<TransferImpl> live, TransferImpl child, double lastShare, long lastCount) {
    if (live.remove(child)) {
      endedWeight += child.weight();
      endedShare += child.weight() * Math.max(0, lastShare);
      endedCount = endedCount + lastCount < 0 ? Long.MAX_VALUE : endedCount + lastCount;
    }
  }

  /**
   * The counts of the children that ended and of those in {@code live} that count {@code unit},
   * summed (at most {@link Long#MAX_VALUE}): a stage's bytes are its streams', an operation's its
   * stages'.
   */
  long count(Set<TransferImpl> live, Unit unit) {
    long sum;
    List<TransferImpl> running;
    synchronized (this) {
      sum = endedCount;
      running = live.isEmpty() ? List.of() : new ArrayList<>(live);
    }
    for (TransferImpl child : running) {
      if (child.unit().equals(unit)) {
        long c = child.bytes();
        sum = sum + c < 0 ? Long.MAX_VALUE : sum + c;
      }
    }
    return sum;
  }

  /**
   * The weighted mean share of the children that ended and those in {@code live}, from 0 to 1; -1
   * when a live child's share is unknown; {@code NaN} when there is no child to take a mean of.
   */
  double mean(Set<TransferImpl> live) {
    double weights;
    double share;
    List<TransferImpl> running;
    synchronized (this) {
      weights = endedWeight;
      share = endedShare;
      running = live.isEmpty() ? List.of() : new ArrayList<>(live);
    }
    for (TransferImpl child : running) {
      double f = child.fractionDone();
      if (f < 0) {
        if (!child.unknownCountsZero()) {
          return -1;
        }
        f = 0; // a stage of unknown share: the parent shows the share of its stages done
      }
      weights += child.weight();
      share += child.weight() * f;
    }
    return weights > 0 ? share / weights : Double.NaN;
  }
}
