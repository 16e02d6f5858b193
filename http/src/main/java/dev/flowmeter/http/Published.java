// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One event as the server sends it, rendered once for every client, and only when a client (or a
 * replay) needs it: with thousands of transfers and nobody watching, rendering each event was most
 * of the sink's time (ScaleLoad).
 *
 * <p>Thread-safety: safe; rendered under this object's monitor, by whichever thread asks first.
 */
final class Published {
  private final long seq;
  private final ProgressEvent event;
  private @Nullable Supplier<String> render; // until rendered; guarded by this
  private @Nullable String json; // guarded by this

  /**
   * @param seq its number in the stream, increasing; the SSE {@code id}
   * @param event the event
   * @param render makes its event object; called at most once, maybe on another thread, so it must
   *     read nothing that changes after this call
   */
  Published(long seq, ProgressEvent event, Supplier<String> render) {
    this.seq = seq;
    this.event = event;
    this.render = render;
  }

  /** Its number in the stream, increasing; the SSE {@code id}. */
  long seq() {
    return seq;
  }

  /** The event. */
  ProgressEvent event() {
    return event;
  }

  /** Whether its event object was made; for tests. */
  synchronized boolean rendered() {
    return json != null;
  }

  /** Its event object. */
  synchronized String json() {
    if (json == null) {
      json = render.get();
      render = null;
    }
    return json;
  }
}
