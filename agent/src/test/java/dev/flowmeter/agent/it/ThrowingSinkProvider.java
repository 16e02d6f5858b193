// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;

/** A sink whose every call throws: the application must not notice. */
public final class ThrowingSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "throwing";
  }

  @Override
  public String usage() {
    return "throwing (a test sink that throws)";
  }

  @Override
  public ProgressSink create(SinkContext context) {
    return new ProgressSink() {
      @Override
      public void onEvent(ProgressEvent event) {
        throw new IllegalStateException("sink failure on purpose");
      }

      @Override
      public void flush() {
        throw new IllegalStateException("sink failure on purpose");
      }

      @Override
      public void close() {}
    };
  }
}
