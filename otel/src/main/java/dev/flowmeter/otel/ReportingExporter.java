// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.internal.Diagnostics;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * An exporter that says once when its exports fail (an OTLP endpoint down or refusing) and once
 * when they work again, instead of the SDK's line per failed export; the exports themselves are the
 * delegate's, which never block the sink (the SDK's reader runs them on a thread of its own). The
 * {@code logging} exporter's last export at JVM exit is kept printed by {@link ExitLogging}.
 */
final class ReportingExporter implements MetricExporter {
  private final String sinkName;
  private final MetricExporter delegate;
  private final String target;
  private final @Nullable ExitLogging exitLogging;
  private final LastExport last;
  private volatile boolean failing;

  ReportingExporter(
      String sinkName, MetricExporter delegate, ConfigProperties config, LastExport last) {
    this.sinkName = sinkName;
    this.delegate = delegate;
    this.last = last;
    String endpoint =
        config.getString(
            "otel.exporter.otlp.metrics.endpoint", config.getString("otel.exporter.otlp.endpoint"));
    this.target = endpoint != null ? endpoint : "http://localhost:4318 (the default OTLP endpoint)";
    this.exitLogging = ExitLogging.of(delegate);
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    if (exitLogging != null) {
      exitLogging.beforeExport();
    }
    boolean atClose = last.isClosing();
    int points = 0;
    if (atClose) {
      for (MetricData metric : metrics) {
        points += metric.getData().getPoints().size();
      }
      last.began(points, target);
    }
    int sent = points;
    CompletableResultCode result = delegate.export(metrics);
    result.whenComplete(
        () -> {
          if (atClose) {
            last.ended();
          }
          if (!result.isSuccess()) {
            failing = true;
            Throwable cause = result.getFailureThrowable();
            Diagnostics.once(
                (atClose ? "otel.close.failed." : "otel.export.failed.") + sinkName,
                "sink "
                    + sinkName
                    + (atClose ? ": the last export (" + sent + " metric points)" : "")
                    + ": cannot export metrics to "
                    + target
                    + (cause != null ? " (" + Diagnostics.describe(cause) + ")" : "")
                    + (atClose
                        ? "; it is lost with the program's exit"
                        : "; the counts are kept and sent with the next export that succeeds"),
                cause);
          } else if (failing) {
            failing = false;
            Diagnostics.once(
                "otel.export.recovered." + sinkName,
                "sink " + sinkName + ": metrics are exported to " + target + " again");
          }
        });
    return result;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType type) {
    return delegate.getAggregationTemporality(type);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType type) {
    return delegate.getDefaultAggregation(type);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ReportingExporter(" + delegate + ")";
  }
}
