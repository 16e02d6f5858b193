// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.jdbc.Rows.ProgressRow;
import dev.flowmeter.jdbc.Rows.TransferRow;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows not yet written, at most {@code capacity} of them.
 *
 * <p>A transfer has one row here at most: a later lifecycle event replaces the row its earlier one
 * left, as it replaces it in the table. When the bound is hit, the oldest progress row goes first;
 * a transfer's row goes only when no progress row is left, so lifecycle rows are the last to go.
 * What was dropped is counted, for the one line that says so.
 *
 * <p>Used on the sink's thread only: not thread-safe.
 */
final class RowBuffer {
  private final int capacity;
  private final Map<String, TransferRow> transfers = new LinkedHashMap<>();
  private final ArrayDeque<ProgressRow> progress = new ArrayDeque<>();
  private long droppedProgress;
  private long droppedTransfers;

  RowBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  void add(TransferRow row) {
    if (transfers.containsKey(row.id())) {
      transfers.put(row.id(), row);
      return;
    }
    if (size() >= capacity && !dropProgress()) {
      Iterator<TransferRow> oldest = transfers.values().iterator();
      oldest.next();
      oldest.remove();
      droppedTransfers++;
    }
    transfers.put(row.id(), row);
  }

  void add(ProgressRow row) {
    if (size() >= capacity && !dropProgress()) {
      droppedProgress++; // only lifecycle rows are held: they stay, this row goes
      return;
    }
    progress.addLast(row);
  }

  private boolean dropProgress() {
    if (progress.pollFirst() == null) {
      return false;
    }
    droppedProgress++;
    return true;
  }

  Collection<TransferRow> transfers() {
    return transfers.values();
  }

  Collection<ProgressRow> progress() {
    return progress;
  }

  int size() {
    return transfers.size() + progress.size();
  }

  boolean isEmpty() {
    return transfers.isEmpty() && progress.isEmpty();
  }

  int capacity() {
    return capacity;
  }

  /** Forgets the rows, once written. */
  void clear() {
    transfers.clear();
    progress.clear();
  }

  long droppedProgress() {
    return droppedProgress;
  }

  long droppedTransfers() {
    return droppedTransfers;
  }
}
