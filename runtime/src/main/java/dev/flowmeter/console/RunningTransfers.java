// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The transfers the {@code bar} style draws, and which of them fit on the screen.
 *
 * <p>When more run than the screen has rows for, a frame shows the most recently active ones: those
 * whose count of bytes changed last (in event time), the newest first among those that changed at
 * the same time. They are listed in the order they started, so a line keeps its place while it
 * stays on the screen.
 *
 * <p>Cost: {@link #update} is a map look-up. {@link #shown} walks every running transfer once,
 * keeping the best {@code rows} in a bounded heap, then sorts only those: with 10,000 running and
 * 40 rows, about 10,000 comparisons and no allocation per transfer.
 *
 * <p>Not thread-safe; used by the sink's thread only.
 */
final class RunningTransfers {
  /** One running transfer: its latest event and when its count last changed. */
  static final class Entry {
    /** The order in which the sink saw transfers start: a larger number started later. */
    final long order;

    ProgressEvent event;

    /** The count of {@link #event}, kept here so an update reads no other object. */
    long bytes;

    /** Event time of the last change of the count, in microseconds since the epoch. */
    long active;

    private @Nullable String rawName;
    private String name = "";

    Entry(long order, ProgressEvent event) {
      this.order = order;
      this.event = event;
      this.bytes = event.bytes();
      this.active = micros(event.time());
    }

    /** The name as the console shows it, made by {@code messages} once per name. */
    String name(ConsoleMessages messages) {
      String raw = event.name();
      if (!raw.equals(rawName)) { // the same object as before, almost always: one compare
        name = messages.name(event);
        rawName = raw;
      }
      return name;
    }
  }

  private static final Comparator<Entry> START_ORDER = Comparator.comparingLong(e -> e.order);

  private final LongTable<Entry> running = new LongTable<>();
  private long started;
  private long completed;
  private long failed;
  private long cancelled;
  private Entry[] heap = new Entry[0];

  /** Records the latest event of a running transfer; true when it is new to the screen. */
  boolean update(ProgressEvent e) {
    Entry entry = running.get(e.transferId());
    if (entry == null) {
      running.put(e.transferId(), new Entry(started++, e));
      return true;
    }
    if (e.bytes() != entry.bytes) {
      entry.bytes = e.bytes();
      entry.active = Math.max(entry.active, micros(e.time()));
    }
    entry.event = e;
    return false;
  }

  /** Forgets a transfer that ended, and counts its status. */
  void end(ProgressEvent e) {
    running.remove(e.transferId());
    if (e.status() == Status.COMPLETED) {
      completed++;
    } else if (e.status() == Status.FAILED) {
      failed++;
    } else {
      cancelled++;
    }
  }

  /** How many transfers run. */
  int size() {
    return running.size();
  }

  long completed() {
    return completed;
  }

  long failed() {
    return failed;
  }

  long cancelled() {
    return cancelled;
  }

  /**
   * The {@code rows} most recently active transfers (all when fewer run), in the order they
   * started.
   */
  List<Entry> shown(int rows) {
    int n = running.size();
    if (rows <= 0 || n == 0) {
      return List.of();
    }
    int keep = Math.min(rows, n);
    if (heap.length != keep) {
      heap = new Entry[keep];
    }
    int size = 0;
    for (int slot = 0; slot < running.slots(); slot++) {
      Entry e = running.valueAt(slot);
      if (e == null) {
        continue;
      }
      if (size < keep) {
        heap[size] = e;
        siftUp(size++);
      } else if (recentFirst(e, heap[0]) < 0) {
        heap[0] = e; // more recent than the least recent kept: replaces it
        siftDown(0, size);
      }
    }
    Entry[] chosen = Arrays.copyOf(heap, size);
    Arrays.fill(heap, null);
    Arrays.sort(chosen, START_ORDER);
    return Arrays.asList(chosen);
  }

  /*
   * The heap keeps the least recent of the kept entries at its root (a max-heap under
   * recentFirst, whose "greatest" is the least recent), so a newcomer is compared with it once.
   */

  private void siftUp(int i) {
    Entry moving = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (recentFirst(moving, heap[parent]) <= 0) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = moving;
  }

  private void siftDown(int i, int size) {
    Entry moving = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && recentFirst(heap[child + 1], heap[child]) > 0) {
        child++;
      }
      if (recentFirst(heap[child], moving) <= 0) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = moving;
  }

  /**
   * Negative when {@code a} comes before {@code b} in the order of recent activity: it moved later,
   * or at the same time and started later.
   */
  private static int recentFirst(Entry a, Entry b) {
    int c = Long.compare(b.active, a.active);
    return c != 0 ? c : Long.compare(b.order, a.order);
  }

  private static long micros(Instant time) {
    long seconds =
        Math.max(-9_000_000_000_000L, Math.min(9_000_000_000_000L, time.getEpochSecond()));
    return seconds * 1_000_000 + time.getNano() / 1000;
  }
}
