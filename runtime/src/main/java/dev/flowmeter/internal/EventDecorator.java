// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;

/**
 * Adds what a family of transfers knows to each event of one of its members: an operation's stage
 * list and its ETA from history, a group's file counts, a file's step word. Installed with {@link
 * TransferImpl#decorator(EventDecorator)} before the transfer starts, so that its first event
 * carries it too.
 *
 * <p>Runs on whatever thread takes the event (the reporter, or the thread that starts or ends the
 * transfer), with the transfer's monitor held: it must be quick and must not lock another transfer.
 * One that throws is reported once and the event goes out as it was.
 */
@FunctionalInterface
public interface EventDecorator {
  /**
   * Sets the family's values on {@code event}, which already holds the transfer's own.
   *
   * @param event the event being built
   * @param nanoTime the tracker's clock when the event was taken
   */
  void decorate(ProgressEvent.Builder event, long nanoTime);
}
