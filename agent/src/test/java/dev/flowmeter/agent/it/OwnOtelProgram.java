// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A program with an OpenTelemetry of its own (an older API and SDK on its class path), run under
 * the agent with the {@code otel} sink by {@link OtelSinkAgentTest}: sets its SDK as the global
 * one, counts {@code app.requests} and exports it to an exporter of its own, prints what it sees
 * (its API's jar, its global, its count, whether the agent's classes are visible), then copies
 * {@code args[0]} to {@code args[1]} as {@link FleetWorker} does.
 */
public final class OwnOtelProgram {
  private OwnOtelProgram() {}

  public static void main(String[] args) throws Exception {
    List<Long> counts = new CopyOnWriteArrayList<>();
    SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.create(new Exporter(counts)))
            .build();
    GlobalOpenTelemetry.set(
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
          }

          @Override
          public io.opentelemetry.api.metrics.MeterProvider getMeterProvider() {
            return meters;
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        });
    GlobalOpenTelemetry.getMeter("app").counterBuilder("app.requests").build().add(42);
    meters.forceFlush().join(10, TimeUnit.SECONDS);
    Path api =
        Path.of(OpenTelemetry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    System.out.println("own api " + api.getFileName());
    System.out.println("own global " + (GlobalOpenTelemetry.getMeterProvider() == meters));
    System.out.println("own counter " + (counts.isEmpty() ? -1 : counts.get(counts.size() - 1)));
    for (String name :
        List.of(
            "dev.flowmeter.agent.shaded.otel.io.opentelemetry.api.GlobalOpenTelemetry",
            "dev.flowmeter.otel.OtelSinkProvider")) {
      System.out.println("visible " + name + " " + visible(name));
    }
    System.out.println("done " + FleetWorker.copy(args[0], args[1]));
    meters.shutdown().join(10, TimeUnit.SECONDS);
  }

  private static boolean visible(String name) {
    try {
      Class.forName(name, false, OwnOtelProgram.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Keeps each export's value of {@code app.requests}. */
  private static final class Exporter implements MetricExporter {
    private final List<Long> counts;

    Exporter(List<Long> counts) {
      this.counts = counts;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      for (MetricData metric : metrics) {
        if (metric.getName().equals("app.requests")) {
          for (LongPointData point : metric.getLongSumData().getPoints()) {
            counts.add(point.getValue());
          }
        }
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
