// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import org.jspecify.annotations.Nullable;

/**
 * A sink that records nothing and keeps the control its context gives ({@link
 * SinkContext#transfers()}): how a dashboard cancels a transfer the agent reports, which a program
 * under the agent uses to cancel one by id.
 */
public final class ControlSinkProvider implements SinkProvider {
  private static volatile @Nullable LiveTransfers transfers;

  @Override
  public String name() {
    return "test-control";
  }

  @Override
  public String usage() {
    return "test-control (a test sink that hands out the tracker's control)";
  }

  @Override
  public ProgressSink create(SinkContext context) {
    transfers = context.transfers();
    return new ProgressSink() {
      @Override
      public void onEvent(ProgressEvent event) {}
    };
  }

  /** The control of the sink created last; waits at most 10 s for the tracker to create it. */
  static LiveTransfers transfers() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    LiveTransfers t = transfers;
    while (t == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no test-control sink within 10 s");
      }
      Thread.sleep(5);
      t = transfers;
    }
    return t;
  }
}
