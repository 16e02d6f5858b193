// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code otel} sink: Flowmeter's transfers as OpenTelemetry metrics, exported the OpenTelemetry
 * way.
 *
 * <p>Instruments (scope {@code dev.flowmeter}): {@code flowmeter.bytes} (counter, {@code By}),
 * {@code flowmeter.transfers.active} (up-down counter), {@code flowmeter.transfers.finished}
 * (counter, with the final {@code status}) and {@code flowmeter.transfer.duration} (histogram,
 * seconds, buckets from 0.1 s to 4 h); attributes {@code operation}, {@code source} and {@code
 * direction}, never a name, path, URL, id or user. Option {@code flowmeter.sink.otel.drop} drops
 * some of them ({@code duration:status}, see {@link DroppedAttributes}).
 *
 * <p>The exporter and its settings come from the SDK's autoconfiguration: {@code
 * otel.metrics.exporter} ({@code otlp}, the SDK's default, {@code prometheus}, {@code logging} or
 * {@code none}), {@code otel.exporter.otlp.endpoint}, {@code otel.metric.export.interval} (10 s
 * here), {@code otel.service.name} ({@code flowmeter} here), {@code otel.service.instance.id} (this
 * host's name and process id), {@code otel.resource.attributes} and the rest, as system properties
 * or {@code OTEL_*} environment variables. Traces and logs are not exported. The SDK is Flowmeter's
 * own, never the global one.
 *
 * <p>When the OpenTelemetry Java agent is attached, the sink starts no SDK: it records into that
 * agent's meter provider, whose resource, exporter and settings apply ({@link JavaAgentSink}).
 */
@AutoService(SinkProvider.class)
public final class OtelSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public OtelSinkProvider() {}

  /** Returns {@code otel}. */
  @Override
  public String name() {
    return "otel";
  }

  /**
   * One second: the instruments take the latest bytes of each transfer at most once a second, far
   * more often than an export.
   */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /**
   * The options this sink reads: {@code interval} and {@code drop} (attributes the instruments
   * lose, see {@link DroppedAttributes}); the rest are {@code otel.*} keys.
   */
  @Override
  public Set<String> options() {
    return Set.of("interval", "drop");
  }

  /**
   * Builds the SDK and its exporter.
   *
   * @throws dev.flowmeter.ConfigException when an {@code otel.*} value is malformed, naming its key
   */
  @Override
  public ProgressSink create(SinkContext context) {
    if (JavaAgentSink.applies()) {
      return new JavaAgentSink(
          context.name(), !context.option("drop", "").isBlank(), CloseWait.duration());
    }
    DroppedAttributes dropped =
        context.parsedOption("drop", DroppedAttributes.NONE, DroppedAttributes::parse);
    return new OtelSink(
        context.name(),
        MetricsSdk.create(context.name(), null, true, dropped),
        CloseWait.duration());
  }
}
