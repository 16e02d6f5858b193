// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
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
  private boolean opened;
  private boolean off;
  private boolean failing;

  /**
   * @param name the sink's instance name, for its messages
   * @param on the statuses notified: {@link Status#STARTING} and the final ones
   * @param minDuration a completed transfer that took less is not notified
   */
  DesktopSink(String name, Notifier notifier, Set<Status> on, Duration minDuration) {
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
    try {
      long id = notifier.show(notification, replaces);
      if (notification.status() == Status.STARTING && id != 0) {
        started.put(notification.transferId(), id);
      }
      if (failing) {
        failing = false;
        Diagnostics.once(key + ":recovered", label + ": notifications are shown again");
      }
    } catch (Notifier.Unavailable e) {
      turnOff(e);
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
  }
}
