// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest event of every transfer the server answers about: running ones, and finished ones for
 * {@code retention} after they ended, at most {@code maxFinished} of them (the oldest finished
 * leave first when more end).
 *
 * <p>Concurrency: one thread writes ({@link #put} and {@link #evict}: the sink's dispatch thread);
 * any thread reads. Reads go to concurrent maps and hide what has outlived the retention by the
 * clock, so an answer never shows an expired transfer even before the next eviction removes it.
 */
final class TransferStore {
  private final Clock clock;
  private final Duration retention;
  private final int maxFinished;

  private final Map<Long, ProgressEvent> latest = new ConcurrentHashMap<>();

  /** The ids of each parent's children, for a group's files. */
  private final Map<Long, Set<Long>> children = new ConcurrentHashMap<>();

  /** Finished transfers in the order they ended; written by the writer thread only. */
  private final ArrayDeque<ProgressEvent> finished = new ArrayDeque<>();

  TransferStore(Clock clock, Duration retention, int maxFinished) {
    this.clock = clock;
    this.retention = retention;
    this.maxFinished = maxFinished;
  }

  /** Keeps {@code event} as the latest state of its transfer. Writer thread only. */
  void put(ProgressEvent event) {
    long id = event.transferId();
    ProgressEvent before = latest.get(id);
    if (before != null && before.status().isFinal()) {
      return; // nothing follows a final event; a late snapshot must not bring it back to life
    }
    latest.put(id, event);
    if (event.parentId() != 0 && before == null) {
      children.computeIfAbsent(event.parentId(), k -> ConcurrentHashMap.newKeySet()).add(id);
    }
    if (event.status().isFinal()) {
      finished.addLast(event);
      if (finished.size() > maxFinished) {
        Diagnostics.once(
            "http:max-finished",
            "the http sink keeps at most "
                + maxFinished
                + " finished transfers; the oldest leave before flowmeter.sink.http.retention ends");
        remove(finished.removeFirst());
      }
    }
  }

  /** Removes the finished transfers that outlived the retention. Writer thread only. */
  void evict() {
    Instant now = clock.instant();
    while (!finished.isEmpty() && expired(finished.peekFirst(), now)) {
      remove(finished.removeFirst());
    }
  }

  private void remove(ProgressEvent event) {
    long id = event.transferId();
    latest.remove(id);
    children.remove(id);
    if (event.parentId() != 0) {
      Set<Long> siblings = children.get(event.parentId());
      if (siblings != null) {
        siblings.remove(id);
      }
    }
  }

  private boolean expired(ProgressEvent event, Instant now) {
    return event.status().isFinal() && event.time().plus(retention).isBefore(now);
  }

  /** The latest event of transfer {@code id}, unless unknown or expired. */
  Optional<ProgressEvent> find(long id) {
    ProgressEvent event = latest.get(id);
    return event == null || expired(event, clock.instant()) ? Optional.empty() : Optional.of(event);
  }

  /** The transfers that pass {@code filter}, ordered by id. */
  List<ProgressEvent> list(Predicate<ProgressEvent> filter) {
    Instant now = clock.instant();
    List<ProgressEvent> out = new ArrayList<>();
    for (ProgressEvent event : latest.values()) {
      if (!expired(event, now) && filter.test(event)) {
        out.add(event);
      }
    }
    out.sort(Comparator.comparingLong(ProgressEvent::transferId));
    return out;
  }

  /** The children of {@code parentId} still kept, ordered by id. */
  List<ProgressEvent> children(long parentId) {
    Set<Long> ids = children.get(parentId);
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<ProgressEvent> out = new ArrayList<>(ids.size());
    for (Long id : ids) {
      ProgressEvent event = latest.get(id);
      if (event != null && !expired(event, now)) {
        out.add(event);
      }
    }
    out.sort(Comparator.comparingLong(ProgressEvent::transferId));
    return out;
  }

  /** How many transfers are kept, expired ones included until evicted. */
  int size() {
    return latest.size();
  }
}
