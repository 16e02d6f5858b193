// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import org.jspecify.annotations.Nullable;

/**
 * The export an SDK makes when its sink closes, as its exporters saw it: whether it was made, how
 * many metric points it carried, where to, and whether it ended. What {@link MetricsSdk#shutdown}
 * says when that export could not be sent in time, and what lets {@link ReportingExporter} say that
 * a failed export at close is lost rather than kept for the next one. Thread-safe.
 */
final class LastExport {
  private volatile boolean closing;
  private volatile int points = -1;
  private volatile boolean ended;
  private volatile @Nullable String target;

  /** The sink closes: the next export is the last. */
  void closing() {
    closing = true;
  }

  /** Whether the sink closes. */
  boolean isClosing() {
    return closing;
  }

  /** An export of {@code points} points to {@code target} begins while the sink closes. */
  void began(int points, String target) {
    this.target = target;
    this.ended = false;
    this.points = points;
  }

  /** That export ended, sent or not. */
  void ended() {
    ended = true;
  }

  /** Whether an export began at close and has not ended. */
  boolean isPending() {
    return points >= 0 && !ended;
  }

  /** Whether an export began at close and ended. */
  boolean hasEnded() {
    return points >= 0 && ended;
  }

  /** The points of the export at close, {@code -1} before it began. */
  int points() {
    return points;
  }

  /** Where the export at close went. */
  String target() {
    String t = target;
    return t != null ? t : "?";
  }
}
