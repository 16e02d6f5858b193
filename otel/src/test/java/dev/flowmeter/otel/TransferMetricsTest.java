// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Direction;
import dev.flowmeter.Kind;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class TransferMetricsTest {
  private static final Attributes UPLOAD =
      Attributes.of(
          TransferMetrics.OPERATION, "upload",
          TransferMetrics.SOURCE, "api",
          TransferMetrics.DIRECTION, "write");

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final TransferMetrics metrics = new TransferMetrics(provider, "otel");
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
    provider.close();
  }

  @Test
  void bytes_countEachByteOnceAcrossSnapshotsAndTheFinalEvent() {
    Events upload = new Events(1, "upload");
    metrics.record(upload.started());
    metrics.record(upload.progress(100));
    metrics.record(upload.progress(250));
    metrics.record(upload.progress(250));
    metrics.record(upload.ended(Status.COMPLETED, 1000, Duration.ofSeconds(3)));

    assertThat(longValue("flowmeter.bytes", UPLOAD)).isEqualTo(1000);
    assertThat(longValue("flowmeter.transfers.active", UPLOAD)).isZero();
    assertThat(longValue("flowmeter.transfers.finished", withStatus(UPLOAD, "completed")))
        .isEqualTo(1);
  }

  @Test
  void bytes_ofFailedAndCancelledTransfersCountUpToTheirEnd() {
    Events failed = new Events(1, "upload");
    Events cancelled = new Events(2, "upload");
    metrics.record(failed.started());
    metrics.record(cancelled.started());
    metrics.record(failed.progress(40));
    metrics.record(failed.ended(Status.FAILED, 70, Duration.ofSeconds(1)));
    metrics.record(cancelled.ended(Status.CANCELLED, 30, Duration.ofSeconds(2)));

    assertThat(longValue("flowmeter.bytes", UPLOAD)).isEqualTo(100);
    assertThat(longValue("flowmeter.transfers.finished", withStatus(UPLOAD, "failed")))
        .isEqualTo(1);
    assertThat(longValue("flowmeter.transfers.finished", withStatus(UPLOAD, "cancelled")))
        .isEqualTo(1);
  }

  @Test
  void bytes_neverGoBackwards() {
    Events upload = new Events(1, "upload");
    metrics.record(upload.started());
    metrics.record(upload.progress(500));
    metrics.record(upload.progress(200));
    metrics.record(upload.ended(Status.COMPLETED, 600, Duration.ofSeconds(1)));

    assertThat(longValue("flowmeter.bytes", UPLOAD)).isEqualTo(600);
  }

  @Test
  void bytes_areKeptApartBySourceAndDirection() {
    Events read = new Events(1, "copy").source("agent.file", Direction.READ);
    Events write = new Events(2, "copy").source("agent.nio", Direction.WRITE);
    metrics.record(read.started());
    metrics.record(write.started());
    metrics.record(read.ended(Status.COMPLETED, 300, Duration.ofSeconds(1)));
    metrics.record(write.progress(120));

    assertThat(
            longValue(
                "flowmeter.bytes",
                Attributes.of(
                    TransferMetrics.OPERATION, "copy",
                    TransferMetrics.SOURCE, "agent.file",
                    TransferMetrics.DIRECTION, "read")))
        .isEqualTo(300);
    Attributes written =
        Attributes.of(
            TransferMetrics.OPERATION, "copy",
            TransferMetrics.SOURCE, "agent.nio",
            TransferMetrics.DIRECTION, "write");
    assertThat(longValue("flowmeter.bytes", written)).isEqualTo(120);
    assertThat(longValue("flowmeter.transfers.active", written)).isEqualTo(1);
  }

  @Test
  void bytes_ofOperationsAndGroupsAreTheirChildrenAndNotCountedAgain() {
    Events group = new Events(1, "upload").kind(Kind.GROUP);
    Events file = new Events(2, "upload").kind(Kind.FILE);
    metrics.record(group.started());
    metrics.record(file.started());
    metrics.record(file.ended(Status.COMPLETED, 400, Duration.ofSeconds(1)));
    metrics.record(group.ended(Status.COMPLETED, 400, Duration.ofSeconds(1)));

    assertThat(longValue("flowmeter.bytes", UPLOAD)).isEqualTo(400);
    assertThat(longValue("flowmeter.transfers.finished", withStatus(UPLOAD, "completed")))
        .isEqualTo(2);
  }

  @Test
  void attributes_neverCarryNamePathIdOrUser() {
    Events upload =
        new Events(7, "upload")
            .name("/home/alice/secret/tax-2026.pdf")
            .attributes(Map.of("user", "alice", "tenant", "acme"));
    metrics.record(upload.started());
    metrics.record(upload.progress(10));
    metrics.record(upload.ended(Status.FAILED, 20, Duration.ofSeconds(1)));

    Set<String> keys = new HashSet<>();
    List<String> values =
        reader.collectAllMetrics().stream()
            .flatMap(m -> m.getData().getPoints().stream())
            .flatMap(
                p -> {
                  p.getAttributes().asMap().keySet().forEach(k -> keys.add(k.getKey()));
                  return p.getAttributes().asMap().values().stream().map(String::valueOf);
                })
            .collect(Collectors.toList());
    assertThat(keys).containsExactlyInAnyOrder("operation", "source", "direction", "status");
    assertThat(values).noneMatch(v -> v.contains("alice") || v.contains("secret") || v.equals("7"));
  }

  @Test
  void operations_areBoundedAndTheRestCountAsOtherSaidOnce() {
    for (int i = 1; i <= TransferMetrics.MAX_OPERATIONS + 10; i++) {
      Events events = new Events(i, "op-" + i);
      metrics.record(events.started());
      metrics.record(events.ended(Status.COMPLETED, 1, Duration.ofSeconds(1)));
    }

    Set<String> operations =
        points("flowmeter.bytes").stream()
            .map(p -> p.getAttributes().get(TransferMetrics.OPERATION))
            .collect(Collectors.toSet());
    assertThat(operations).hasSize(TransferMetrics.MAX_OPERATIONS + 1).contains("op-1", "other");
    assertThat(operations).doesNotContain("op-" + (TransferMetrics.MAX_OPERATIONS + 1));
    assertThat(
            longValue(
                "flowmeter.bytes",
                Attributes.of(
                    TransferMetrics.OPERATION, "other",
                    TransferMetrics.SOURCE, "api",
                    TransferMetrics.DIRECTION, "write")))
        .isEqualTo(10);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("operation=other", "50");
  }

  @Test
  void duration_isAHistogramInSecondsWithBucketsUpToHours() {
    Events upload = new Events(1, "upload");
    metrics.record(upload.started());
    metrics.record(upload.ended(Status.COMPLETED, 10, Duration.ofMillis(2500)));

    MetricData duration = metric("flowmeter.transfer.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point =
        duration.getHistogramData().getPoints().stream()
            .filter(p -> p.getAttributes().equals(withStatus(UPLOAD, "completed")))
            .findFirst()
            .orElseThrow();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getSum()).isEqualTo(2.5);
    assertThat(point.getBoundaries()).isEqualTo(TransferMetrics.DURATION_BUCKETS);
    assertThat(point.getBoundaries()).contains(14400.0);
  }

  @Test
  void active_countsTransfersStartedAndNotEnded() {
    Events first = new Events(1, "upload");
    Events second = new Events(2, "upload");
    metrics.record(first.started());
    metrics.record(second.started());
    assertThat(longValue("flowmeter.transfers.active", UPLOAD)).isEqualTo(2);

    metrics.record(first.ended(Status.COMPLETED, 5, Duration.ofSeconds(1)));
    assertThat(longValue("flowmeter.transfers.active", UPLOAD)).isEqualTo(1);
    assertThat(metrics.openTransfers()).isEqualTo(1);
  }

  @Test
  void items_areNotBytes() {
    Events frames = new Events(1, "encode");
    metrics.record(
        frames.started().toBuilder().unit(dev.flowmeter.Unit.of("frame", "frames")).build());
    metrics.record(
        frames.ended(Status.COMPLETED, 500, Duration.ofSeconds(1)).toBuilder()
            .unit(dev.flowmeter.Unit.of("frame", "frames"))
            .build());

    assertThat(points("flowmeter.bytes")).isEmpty();
    assertThat(points("flowmeter.transfers.finished")).hasSize(1);
  }

  private static Attributes withStatus(Attributes attributes, String status) {
    return attributes.toBuilder().put(AttributeKey.stringKey("status"), status).build();
  }

  private MetricData metric(String name) {
    return reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private List<PointData> points(String name) {
    return reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getData().getPoints().stream())
        .collect(Collectors.toList());
  }

  private long longValue(String name, Attributes attributes) {
    return points(name).stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .map(p -> ((LongPointData) p).getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point of " + name + " with " + attributes));
  }
}
