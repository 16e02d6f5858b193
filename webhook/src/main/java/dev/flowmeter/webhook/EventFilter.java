// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which events a webhook sends ({@code flowmeter.sink.<name>.events}): {@code progress} for the
 * progress snapshots, and the lifecycle events by their status word ({@code pending}, {@code
 * starting}, {@code in_progress}, {@code saving}, {@code completed}, {@code failed}, {@code
 * cancelled}); {@code lifecycle} stands for all of those, {@code all} for everything. Immutable.
 */
final class EventFilter {
  private final boolean progress;
  private final Set<Status> lifecycle;

  private EventFilter(boolean progress, Set<Status> lifecycle) {
    this.progress = progress;
    this.lifecycle = lifecycle;
  }

  static EventFilter of(boolean progress, Set<Status> lifecycle) {
    return new EventFilter(progress, Set.copyOf(lifecycle));
  }

  static EventFilter everything() {
    return of(true, EnumSet.allOf(Status.class));
  }

  /**
   * Parses a comma-separated list of words.
   *
   * @throws IllegalArgumentException naming what is accepted when a word is unknown or none is
   *     given
   */
  static EventFilter parse(String list) {
    boolean progress = false;
    Set<Status> lifecycle = EnumSet.noneOf(Status.class);
    for (String item : list.split(",", -1)) {
      String word = item.strip().toLowerCase(Locale.ROOT);
      if (word.equals("progress")) {
        progress = true;
      } else if (word.equals("lifecycle") || word.equals("all")) {
        progress |= word.equals("all");
        lifecycle.addAll(everything().lifecycle);
      } else {
        Status status = status(word);
        if (status == null) {
          throw new IllegalArgumentException(
              "has '" + word + "', which is no event (accepted: a list of " + words() + ")");
        }
        lifecycle.add(status);
      }
    }
    return of(progress, lifecycle);
  }

  private static @Nullable Status status(String word) {
    for (Status status : Status.values()) {
      if (status.word().equals(word)) {
        return status;
      }
    }
    return null;
  }

  private static String words() {
    Set<String> words = new TreeSet<>(Set.of("progress", "lifecycle", "all"));
    for (Status status : everything().lifecycle) {
      words.add(status.word());
    }
    return String.join(", ", words);
  }

  /** Whether {@code event} is to be sent. */
  boolean accepts(ProgressEvent event) {
    return event.isLifecycle() ? lifecycle.contains(event.status()) : progress;
  }

  /** The list, as it would be written in the option. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(",");
    if (progress) {
      out.add("progress");
    }
    for (Status status : Status.values()) {
      if (lifecycle.contains(status)) {
        out.add(status.word());
      }
    }
    return out.toString();
  }
}
