// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import java.io.IOException;

/**
 * Receives the events of every transfer and shows or stores them.
 *
 * <p>Each sink has a thread of its own that calls it; a sink is never called concurrently, so it
 * needs no locking of its own. Every lifecycle event ({@link ProgressEvent#isLifecycle()}) reaches
 * {@link #onEvent} exactly once and in order for each transfer. Progress snapshots are coalesced
 * per transfer (latest wins) and delivered at most once per {@code flowmeter.sink.<name>.interval}:
 * a sink slower than the events sees the latest state, never a backlog.
 *
 * <p>Events arrive in batches; after each batch {@link #flush()} is called, so a sink may collect
 * in {@code onEvent} and write once in {@code flush} (a status file, a redrawn bar).
 *
 * <p>A sink that throws is reported once through {@link System.Logger} and disabled after repeated
 * failures; a sink that blocks delays only itself. Neither affects the application.
 */
public interface ProgressSink {
  /** Receives one event. */
  void onEvent(ProgressEvent event);

  /** Called after each batch of events, and once more before {@link #close()}. */
  default void flush() throws IOException {}

  /** Called once when the tracker shuts down (at JVM exit), after the last {@link #flush()}. */
  default void close() throws IOException {}
}
