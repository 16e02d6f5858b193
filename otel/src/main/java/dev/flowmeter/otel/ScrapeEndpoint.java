// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import com.google.auto.service.AutoService;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.http.MetricsEndpoint;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics} on the http sink's server: the {@code otel} sink's instruments, fed by the
 * http sink's events, read by the OpenTelemetry Prometheus exporter's reader and written by the
 * Prometheus client's writers (the text format, or OpenMetrics when {@code Accept} asks for it).
 *
 * <p>Its SDK has this reader only: {@code otel.metrics.exporter} does not apply; the resource does.
 * The http sink's option {@code metrics-drop} drops attributes as the {@code otel} sink's {@code
 * drop} does ({@link DroppedAttributes}).
 */
final class ScrapeEndpoint implements MetricsEndpoint {
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private final String sinkName;
  private final PrometheusMetricReader reader;
  private final MetricsSdk sdk;
  private final TransferMetrics metrics;

  private ScrapeEndpoint(String sinkName, DroppedAttributes dropped) {
    this.sinkName = sinkName;
    this.reader = PrometheusMetricReader.builder().build();
    this.sdk = MetricsSdk.create(sinkName, reader, false, dropped);
    this.metrics = new TransferMetrics(sdk.meterProvider(), sinkName);
  }

  @Override
  public void onEvent(ProgressEvent event) {
    metrics.record(event);
  }

  @Override
  public String scrape(@Nullable String accept, OutputStream out) throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept);
    writer.write(out, reader.collect());
    return writer.getContentType();
  }

  @Override
  public void close() {
    sdk.shutdown(CloseWait.duration());
  }

  /** Makes the endpoint; found by the http module with {@link java.util.ServiceLoader}. */
  @AutoService(MetricsEndpoint.Factory.class)
  public static final class Factory implements MetricsEndpoint.Factory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Factory() {}

    @Override
    public MetricsEndpoint create(String sinkName) {
      return new ScrapeEndpoint(sinkName, DroppedAttributes.NONE);
    }

    /** The endpoint, with the attributes option {@code metrics-drop} of the http sink drops. */
    @Override
    public MetricsEndpoint create(SinkContext context) {
      return new ScrapeEndpoint(
          context.name(),
          context.parsedOption("metrics-drop", DroppedAttributes.NONE, DroppedAttributes::parse));
    }
  }
}
