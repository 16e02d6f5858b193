// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import java.time.Duration;

/**
 * The {@code otel} and {@code prometheus:<port>} sinks: records each event into the instruments of
 * {@link TransferMetrics}, in an SDK of its own ({@link MetricsSdk}) whose readers export or serve
 * them. Recording is a few additions on the sink's thread; exports run on the SDK's threads, so a
 * slow or unreachable endpoint delays nothing here.
 */
final class OtelSink implements ProgressSink {
  private final String name;
  private final MetricsSdk sdk;
  private final TransferMetrics metrics;
  private final Duration closeWait;

  OtelSink(String name, MetricsSdk sdk, Duration closeWait) {
    this.name = name;
    this.sdk = sdk;
    this.metrics = new TransferMetrics(sdk.meterProvider(), name);
    this.closeWait = closeWait;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    metrics.record(event);
  }

  /**
   * Exports what was recorded last (so a short program's counts reach the exporter), then stops.
   */
  @Override
  public void close() {
    sdk.shutdown(closeWait);
  }

  @Override
  public String toString() {
    return "OtelSink(" + name + ")";
  }
}
