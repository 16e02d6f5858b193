// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * Receives the events of transfers.
 *
 * <p>A listener receives every lifecycle event ({@link ProgressEvent#isLifecycle()}) exactly once
 * and in order for each transfer, and progress snapshots in between, at most as often as the
 * reporter samples (see {@code flowmeter.interval}); when the listener is slower than that,
 * snapshots are coalesced and it sees the latest state, never a backlog.
 *
 * <p>Listeners run on a Flowmeter thread, never on the thread that reads or writes. A listener that
 * throws is reported once through {@link System.Logger} and does not affect the transfer or any
 * other listener; a listener that blocks delays only itself.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Called with each event; see the class description for the guarantees. */
  void onEvent(ProgressEvent event);
}
