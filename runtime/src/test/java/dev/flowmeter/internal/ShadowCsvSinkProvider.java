// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;

/**
 * A user's sink provider named like a built-in one, {@code csv}. Not registered in the test
 * resources (every test would see it): {@code SinksTest} puts it on a class loader of its own.
 */
public final class ShadowCsvSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  public ProgressSink create(SinkContext context) {
    return event -> {};
  }
}
