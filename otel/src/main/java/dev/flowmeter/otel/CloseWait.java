// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Values;
import java.time.Duration;

/**
 * How long the sinks of this module wait for their last export when closed. A class of its own,
 * free of the SDK's types, so that the sink without an SDK ({@link JavaAgentSink}) can read it.
 */
final class CloseWait {
  private CloseWait() {}

  /**
   * How long a sink's {@code close()} waits for its last export: half a second less than {@code
   * flowmeter.shutdown-timeout} (2 s by default), which bounds the whole exit.
   */
  static Duration duration() {
    String value = System.getProperty(ConfigKeys.SHUTDOWN_TIMEOUT);
    if (value == null) {
      value = System.getenv("FLOWMETER_SHUTDOWN_TIMEOUT");
    }
    Duration shutdown = Duration.ofSeconds(2);
    try {
      if (value != null) {
        shutdown =
            Values.duration(
                ConfigKeys.SHUTDOWN_TIMEOUT, value, Duration.ZERO, Duration.ofMinutes(1));
      }
    } catch (RuntimeException e) {
      // the tracker reports the value once and uses the default, as this does
    }
    return shutdown.compareTo(Duration.ofSeconds(1)) > 0
        ? shutdown.minusMillis(500)
        : shutdown.dividedBy(2);
  }
}
