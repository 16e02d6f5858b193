// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Text;
import dev.flowmeter.sink.StatusWords;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a sink's events into Flowmeter's four instruments: {@code flowmeter.bytes} (a monotonic
 * counter, unit {@code By}), {@code flowmeter.transfers.active} (an up-down counter), {@code
 * flowmeter.transfers.finished} (a counter by final {@code status}) and {@code
 * flowmeter.transfer.duration} (a histogram in seconds).
 *
 * <p>Every instrument carries {@code operation}, {@code source} and {@code direction}; the finished
 * counter and the histogram add {@code status}. Nothing else: never a name, a path, a URL, an id or
 * a user, which would make a series per transfer. The operation is the user's word, so it is made
 * safe to show ({@link Text#sanitize}, at most {@link #MAX_OPERATION_LENGTH} code points) and only
 * the first {@link #MAX_OPERATIONS} distinct words are kept; later ones count as {@code other},
 * which one line says.
 *
 * <p>Bytes are counted from the difference between a transfer's successive events, so no byte is
 * counted twice and none is lost when progress snapshots are coalesced: the last ones come with the
 * final event, which a cancelled or failed transfer has too. Only transfers counting bytes add to
 * {@code flowmeter.bytes}, and of those only the ones that move bytes themselves: an operation and
 * a group sum their children's bytes, which their children already count.
 *
 * <p>Not thread-safe: the sink's one dispatch thread calls it.
 */
final class TransferMetrics {
  /** The instrumentation scope's name. */
  static final String SCOPE = "dev.flowmeter";

  /** How many distinct operation words become attribute values; the rest are {@code other}. */
  static final int MAX_OPERATIONS = 50;

  /** The longest operation word kept as an attribute value, in code points; cut in its middle. */
  static final int MAX_OPERATION_LENGTH = 100;

  /** Seconds to hours: a transfer lasts from a fraction of a second to a night's backup. */
  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0,
          14400.0);

  static final String BYTES = "flowmeter.bytes";
  static final String ACTIVE = "flowmeter.transfers.active";
  static final String FINISHED = "flowmeter.transfers.finished";
  static final String DURATION = "flowmeter.transfer.duration";

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
  static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

  private final LongCounter bytes;
  private final LongUpDownCounter active;
  private final LongCounter finished;
  private final DoubleHistogram duration;
  private final Map<Long, Open> open = new HashMap<>();
  private final Set<String> operations = new HashSet<>();

  /**
   * The attribute sets in use, shared by the transfers that have them: at most {@link
   * #MAX_OPERATIONS} + 1 operations times the sources, directions and statuses, so bounded.
   */
  private final Map<List<String>, Attributes> attributeSets = new HashMap<>();

  private final String sinkName;

  TransferMetrics(MeterProvider provider, String sinkName) {
    this.sinkName = sinkName;
    Meter meter = provider.meterBuilder(SCOPE).build();
    this.bytes =
        meter
            .counterBuilder(BYTES)
            .setUnit("By")
            .setDescription("Bytes moved by the transfers Flowmeter tracks")
            .build();
    this.active =
        meter
            .upDownCounterBuilder(ACTIVE)
            .setUnit("{transfer}")
            .setDescription("Transfers started and not yet ended")
            .build();
    this.finished =
        meter
            .counterBuilder(FINISHED)
            .setUnit("{transfer}")
            .setDescription("Transfers ended, by final status")
            .build();
    this.duration =
        meter
            .histogramBuilder(DURATION)
            .setUnit("s")
            .setDescription("How long the ended transfers took, from start to end")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
  }

  /** Records one event of a transfer. */
  void record(ProgressEvent event) {
    Open transfer = open.get(event.transferId());
    if (transfer == null) {
      transfer = new Open(attributes(event), countsBytes(event));
      if (!event.isFinal()) {
        open.put(event.transferId(), transfer);
        active.add(1, transfer.attributes);
      }
    } else if (event.isFinal()) {
      open.remove(event.transferId());
      active.add(-1, transfer.attributes);
    }
    long delta = event.bytes() - transfer.bytes;
    if (delta > 0) {
      transfer.bytes = event.bytes();
      if (transfer.countsBytes) {
        bytes.add(delta, transfer.attributes);
      }
    }
    if (event.isFinal()) {
      Attributes ended = ended(transfer.attributes, statusWord(event));
      finished.add(1, ended);
      duration.record(event.elapsed().toNanos() / 1e9, ended);
    }
  }

  /** How many transfers are open (started, not ended) as this sink saw them. */
  int openTransfers() {
    return open.size();
  }

  private Attributes attributes(ProgressEvent event) {
    String operation = operation(event.operation());
    String direction = event.direction().word();
    return attributeSets.computeIfAbsent(
        List.of(operation, event.source(), direction),
        k -> Attributes.of(OPERATION, operation, SOURCE, event.source(), DIRECTION, direction));
  }

  private Attributes ended(Attributes open, String status) {
    return attributeSets.computeIfAbsent(
        List.of(
            String.valueOf(open.get(OPERATION)),
            String.valueOf(open.get(SOURCE)),
            String.valueOf(open.get(DIRECTION)),
            status),
        k -> open.toBuilder().put(STATUS, status).build());
  }

  private String operation(String given) {
    // the user's word, shown as text by whatever reads the metrics: one line, no control
    // characters or lone surrogates (Text.sanitize, the rule of every sink), and short
    String word = Text.ellipsize(Text.sanitize(given), MAX_OPERATION_LENGTH, false);
    if (operations.contains(word)) {
      return word;
    }
    if (operations.size() < MAX_OPERATIONS) {
      operations.add(word);
      return word;
    }
    Diagnostics.once(
        "otel.operations." + sinkName,
        "sink "
            + sinkName
            + " keeps "
            + MAX_OPERATIONS
            + " distinct operation words as metric attributes; later ones are counted as"
            + " operation=other");
    return "other";
  }

  private static boolean countsBytes(ProgressEvent event) {
    return event.unit().isBytes() && event.kind() != Kind.OPERATION && event.kind() != Kind.GROUP;
  }

  private static String statusWord(ProgressEvent event) {
    String word = StatusWords.FLOWMETER.word(event);
    return word != null ? word : event.status().word();
  }

  /** What the sink keeps of a transfer between its events. */
  private static final class Open {
    final Attributes attributes;
    final boolean countsBytes;
    long bytes;

    Open(Attributes attributes, boolean countsBytes) {
      this.attributes = attributes;
      this.countsBytes = countsBytes;
    }
  }
}
