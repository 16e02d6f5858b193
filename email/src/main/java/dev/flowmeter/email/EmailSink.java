// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;

/**
 * The {@code email} sink: turns events into mails ({@link MailPlanner}) and hands them to its
 * {@link Outbox}, whose thread sends them; {@link #onEvent} never waits for a server.
 *
 * <p>Called from its dispatch thread only (see {@link ProgressSink}).
 */
final class EmailSink implements ProgressSink {
  private final MailPlanner planner;
  private final Outbox outbox;

  EmailSink(MailPlanner planner, Outbox outbox) {
    this.planner = planner;
    this.outbox = outbox;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    planner.plan(event, outbox::offer);
  }

  /** Sends what waits (without the digest's delay), waiting for it a few seconds at most. */
  @Override
  public void close() {
    try {
      outbox.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
