// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Text;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns lifecycle events into desktop notifications; see {@link DesktopSinkProvider}.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock. The
 * notifier is opened on that thread when the first event comes; what cannot be shown is said in one
 * line, and nothing the notifier does escapes {@link #onEvent} or {@link #flush}.
 */
final class DesktopSink implements ProgressSink {
  /** A batch with more notifications than this becomes one digest. */
  static final int MAX_SEPARATE = 3;

  /** The transfers a digest names, one line each; the rest are counted. */
  static final int DIGEST_LINES = 5;

  /**
   * After the notifier did not answer (a session bus that hangs), how long the notifications are
   * dropped rather than each waiting for it in turn.
   */
  static final Duration QUIET = Duration.ofMinutes(1);

  /** The "started" notifications remembered, to be replaced by their transfer's end. */
  private static final int MAX_STARTED = 256;

  private final String label;
  private final String key;
  private final Notifier notifier;
  private final Set<Status> on;
  private final Duration minDuration;
  private final List<ProgressEvent> pending = new ArrayList<>();
  private final Map<Long, Long> started =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > MAX_STARTED;
        }
      };
  private final long quietNanos;
  private boolean opened;
  private boolean off;
  private boolean failing;

  /** Since the notifier last did not answer: nothing is tried until {@link #quietUntil}. */
  private boolean quiet;

  private long quietUntil;
  private int spell;

  /** The notifications not shown because the notifier did not answer, not yet said. */
  private int dropped;

  /**
   * @param name the sink's instance name, for its messages
   * @param on the statuses notified: {@link Status#STARTING} and the final ones
   * @param minDuration a completed transfer that took less is not notified
   */
  DesktopSink(String name, Notifier notifier, Set<Status> on, Duration minDuration) {
    this(name, notifier, on, minDuration, QUIET);
  }

  /** As above; {@code quiet}: how long nothing is tried after the notifier did not answer. */
  DesktopSink(
      String name, Notifier notifier, Set<Status> on, Duration minDuration, Duration quiet) {
    this.quietNanos = quiet.toNanos();
    this.label = name.equals("desktop") ? "desktop sink" : "desktop sink '" + name + "'";
    this.key = "desktop:" + name;
    this.notifier = notifier;
    this.on = Set.copyOf(on);
    this.minDuration = minDuration;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    if (off) {
      return;
    }
    if (!opened) {
      open(); // on the first event of any kind, so the notifier is ready when a transfer ends
      if (off) {
        return;
      }
    }
    if (!event.isLifecycle() || event.parentId() != 0 || !on.contains(event.status())) {
      return; // a stage or a file of a group is told through its parent's notification
    }
    if (event.status() == Status.COMPLETED && event.elapsed().compareTo(minDuration) < 0) {
      started.remove(event.transferId());
      return;
    }
    pending.add(event);
  }

  @Override
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<ProgressEvent> batch = new ArrayList<>(pending);
    pending.clear();
    if (off) {
      return;
    }
    if (batch.size() <= MAX_SEPARATE) {
      for (ProgressEvent event : batch) {
        Long replaces = event.isFinal() ? started.remove(event.transferId()) : null;
        show(NotificationText.of(event), replaces == null ? 0 : replaces);
      }
      return;
    }
    // a burst (a folder copied, a pool of downloads ending together): one notification for all
    List<ProgressEvent> ended = new ArrayList<>();
    for (ProgressEvent event : batch) {
      if (event.isFinal()) {
        started.remove(event.transferId());
        ended.add(event);
      }
    }
    if (!ended.isEmpty()) {
      show(NotificationText.digest(ended, DIGEST_LINES), 0);
    }
  }

  private void open() {
    opened = true;
    try {
      notifier.open();
    } catch (IOException | RuntimeException e) {
      turnOff(e);
    }
  }

  private void show(Notification notification, long replaces) {
    if (quiet && System.nanoTime() - quietUntil < 0) {
      dropped++;
      return;
    }
    try {
      long id = notifier.show(notification, replaces);
      if (notification.status() == Status.STARTING && id != 0) {
        started.put(notification.transferId(), id);
      }
      if (failing || quiet) {
        Diagnostics.once(
            key + ":recovered:" + spell,
            label
                + ": notifications are shown again"
                + (dropped > 0 ? " (" + dropped + " not shown meanwhile)" : ""));
        failing = false;
        quiet = false;
        dropped = 0;
        spell++;
      }
    } catch (Notifier.Unavailable e) {
      turnOff(e);
    } catch (Notifier.NoAnswer e) {
      // the next ones would wait as long: none is tried for a while, each is counted
      quiet = true;
      quietUntil = System.nanoTime() + quietNanos;
      dropped++;
      Diagnostics.once(
          key + ":no-answer:" + spell,
          label
              + ": "
              + e.getMessage()
              + "; notifications are not shown for "
              + Text.duration(Duration.ofNanos(quietNanos))
              + ", then tried again",
          e);
    } catch (IOException | RuntimeException e) {
      failing = true;
      Diagnostics.once(
          key + ":failed",
          label + ": a notification could not be shown: " + message(e) + " (it goes on trying)",
          e);
    }
  }

  private void turnOff(Exception e) {
    off = true;
    pending.clear();
    Diagnostics.once(key + ":off", label + ": " + message(e) + "; no desktop notifications", e);
    notifier.close();
  }

  private static String message(Exception e) {
    return e instanceof IOException && e.getMessage() != null
        ? e.getMessage()
        : Diagnostics.describe(e);
  }

  @Override
  public void close() {
    flush();
    notifier.close();
    if (dropped > 0) {
      Diagnostics.once(
          key + ":dropped:" + spell,
          label
              + ": "
              + dropped
              + (dropped == 1 ? " notification was" : " notifications were")
              + " not shown, the notifier not answering");
    }
  }
}
