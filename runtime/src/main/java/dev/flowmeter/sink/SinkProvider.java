// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import java.io.IOException;
import java.time.Duration;

/**
 * Creates a sink from its spec in {@code flowmeter.sinks}.
 *
 * <p>A spec is {@code name[:argument]}, split on the first {@code :} only, so {@code
 * csv:C:\logs\x.csv} has the argument {@code C:\logs\x.csv}. Options come from {@code
 * flowmeter.sink.<name>.<key>} through {@link SinkContext#option(String)}.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: register yours in {@code
 * META-INF/services/dev.flowmeter.sink.SinkProvider} (or with {@code @AutoService}). A provider
 * must be public with a public no-argument constructor.
 */
public interface SinkProvider {
  /**
   * The name used in {@code flowmeter.sinks}, for example {@code csv}; lower case, no {@code :}.
   */
  String name();

  /** How the spec is written, for error messages, for example {@code csv:<path>}. */
  default String usage() {
    return name();
  }

  /**
   * The least time between two progress snapshots of one transfer, when {@code
   * flowmeter.sink.<name>.interval} is not set. Lifecycle events are never delayed by it.
   */
  default Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /**
   * Creates the sink.
   *
   * @throws dev.flowmeter.ConfigException when the argument or an option is missing or malformed,
   *     naming the key, the value and what would be accepted
   * @throws IOException when the sink's file or connection cannot be opened
   */
  ProgressSink create(SinkContext context) throws IOException;
}
