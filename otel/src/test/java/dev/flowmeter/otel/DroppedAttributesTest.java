// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code drop} option of the otel and prometheus sinks, {@code metrics-drop} of /metrics. */
final class DroppedAttributesTest {
  /** The upload's duration count, up to its attributes' end, as the prometheus sink serves it. */
  private static final String UPLOAD_DURATION_COUNT =
      "flowmeter_transfer_duration_seconds_count{direction=\"write\",operation=\"upload\","
          + "otel_scope_name=\"dev.flowmeter\",source=\"api\"";

  @Test
  void parse_readsAttributesAloneOrAfterAnInstrument() {
    assertThat(DroppedAttributes.parse("duration:status")).hasToString("duration:status");
    assertThat(DroppedAttributes.parse(" Status ")).hasToString("finished:status,duration:status");
    assertThat(DroppedAttributes.parse("source, duration:status"))
        .hasToString("bytes:source,active:source,finished:source,duration:source,duration:status");
    assertThat(DroppedAttributes.parse(" , ").isEmpty()).isTrue();
  }

  @Test
  void parse_refusesWhatIsNoAttributeOrInstrumentInOneLine() {
    assertThatThrownBy(() -> DroppedAttributes.parse("user"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "drops user, which is not an attribute (accepted: a comma-separated list of"
                + " operation, source, direction, status, each alone or after a metric and a"
                + " colon: duration:status)");
    assertThatThrownBy(() -> DroppedAttributes.parse("source,size:status"))
        .hasMessage(
            "names size, which is no metric (accepted before the colon: bytes, active,"
                + " finished, duration)");
    assertThatThrownBy(() -> DroppedAttributes.parse("bytes:status"))
        .hasMessage(
            "drops status from bytes, which has none (status is on finished and duration only)");
  }

  @Test
  void views_dropStatusFromTheHistogramOnlyAndKeepItsBucketsAndCounts() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder().registerMetricReader(reader);
    DroppedAttributes.parse("duration:status").register(builder);
    try (SdkMeterProvider provider = builder.build()) {
      TransferMetrics metrics = new TransferMetrics(provider, "otel");
      Events done = new Events(1, "upload");
      metrics.record(done.started());
      metrics.record(done.ended(Status.COMPLETED, 1000, Duration.ofSeconds(3)));
      Events broken = new Events(2, "upload");
      metrics.record(broken.started());
      metrics.record(broken.ended(Status.FAILED, 200, Duration.ofSeconds(20)));

      List<MetricData> data = new ArrayList<>(reader.collectAllMetrics());
      List<PointData> durations = TestSinks.points(data, TransferMetrics.DURATION);
      assertThat(durations).hasSize(1);
      HistogramPointData histogram = (HistogramPointData) durations.get(0);
      assertThat(histogram.getAttributes().asMap().keySet())
          .containsExactlyInAnyOrder(
              TransferMetrics.OPERATION, TransferMetrics.SOURCE, TransferMetrics.DIRECTION);
      assertThat(histogram.getCount()).isEqualTo(2);
      assertThat(histogram.getBoundaries()).isEqualTo(TransferMetrics.DURATION_BUCKETS);
      assertThat(TestSinks.points(data, TransferMetrics.FINISHED)).hasSize(2);
      assertThat(TestSinks.points(data, TransferMetrics.BYTES)).hasSize(1);
    }
  }

  @Test
  void prometheusSink_servesTheHistogramWithoutStatusAndTheFinishedCounterWithIt()
      throws Exception {
    int port = PrometheusSinkProviderTest.freePort();
    ProgressSink sink = TestSinks.prometheus(port, "drop", "duration:status");
    try {
      PrometheusSinkProviderTest.recordSomeTransfers(sink);
      String body = TestSinks.scrape(port);
      assertThat(PrometheusSinkProviderTest.sample(body, UPLOAD_DURATION_COUNT + "}"))
          .isEqualTo(1.0);
      assertThat(body).doesNotContain(UPLOAD_DURATION_COUNT + ",status=");
      assertThat(body)
          .contains(
              "flowmeter_transfers_finished_total{direction=\"write\",operation=\"upload\","
                  + "otel_scope_name=\"dev.flowmeter\",source=\"api\",status=\"completed\"} 1.0");
    } finally {
      sink.close();
    }
  }

  @Test
  void badValue_isOneLineAndTheSinkRunsWithEveryAttribute() throws Exception {
    assertThatThrownBy(
            () ->
                new OtelSinkProvider()
                    .create(SinkContext.builder("otel").option("drop", "tenant").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("flowmeter.sink.otel.drop: 'tenant'")
        .hasMessageContaining("'tenant' drops tenant, which is not an attribute");

    List<String> said = new ArrayList<>();
    int port = PrometheusSinkProviderTest.freePort();
    ProgressSink sink =
        new PrometheusSinkProvider()
            .create(
                SinkContext.builder("prometheus")
                    .argument(Integer.toString(port))
                    .option("drop", "duration:tenant")
                    .onBadOption(
                        (problem, consequence) ->
                            said.add(problem.getMessage() + "; " + consequence))
                    .build());
    try {
      PrometheusSinkProviderTest.recordSomeTransfers(sink);
      assertThat(said).hasSize(1);
      assertThat(said.get(0))
          .startsWith("flowmeter.sink.prometheus.drop: 'duration:tenant'")
          .endsWith("; using none");
      assertThat(TestSinks.scrape(port))
          .contains(UPLOAD_DURATION_COUNT + ",status=\"completed\"} 1");
    } finally {
      sink.close();
    }
  }

  @Test
  void httpMetrics_dropWhatMetricsDropSays() throws Exception {
    int port = PrometheusSinkProviderTest.freePort();
    ProgressSink sink = TestSinks.http(port, "metrics-drop", "source,direction");
    try {
      PrometheusSinkProviderTest.recordSomeTransfers(sink);
      String body = TestSinks.scrape(port);
      assertThat(
              PrometheusSinkProviderTest.sample(
                  body,
                  "flowmeter_bytes_total{operation=\"upload\",otel_scope_name=\"dev.flowmeter\"}"))
          .isEqualTo(1500.0);
      assertThat(body).doesNotContain("source=").doesNotContain("direction=");
    } finally {
      sink.close();
    }
  }
}
