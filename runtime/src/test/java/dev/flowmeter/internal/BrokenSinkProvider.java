// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;

/** A test sink, {@code test-broken}, whose provider has a bug: {@code create} throws. */
public final class BrokenSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "test-broken";
  }

  @Override
  public ProgressSink create(SinkContext context) {
    throw new IllegalStateException("bug in create");
  }
}
