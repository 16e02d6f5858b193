// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The attributes an operator drops from the instruments (option {@code drop} of the {@code otel}
 * and {@code prometheus} sinks, {@code metrics-drop} of the {@code http} sink's {@code /metrics}):
 * a comma-separated list of {@code attribute} (from every instrument that has it) or {@code
 * instrument:attribute}, where the instrument is the last word of its name ({@code bytes}, {@code
 * active}, {@code finished}, {@code duration}) and the attribute one of {@code operation}, {@code
 * source}, {@code direction}, {@code status}. {@code duration:status} is the first to drop when a
 * fleet has too many series.
 *
 * <p>Dropped by the SDK's views: the measurements are recorded as before and summed over the
 * dropped attribute, so no byte and no transfer is lost, only told apart less finely. Immutable.
 */
final class DroppedAttributes {
  /** Nothing dropped: the default. */
  static final DroppedAttributes NONE = new DroppedAttributes(Map.of());

  /** Each instrument's last word, its full name and the attributes it carries. */
  private static final Map<String, Instrument> INSTRUMENTS = instruments();

  private static final Set<String> ATTRIBUTES =
      Set.of("operation", "source", "direction", "status");

  /** For each instrument that loses one, the attributes it keeps. */
  private final Map<String, Set<String>> kept;

  private DroppedAttributes(Map<String, Set<String>> kept) {
    this.kept = kept;
  }

  /**
   * Reads a {@code drop} value.
   *
   * @throws IllegalArgumentException naming the word that is not accepted, and what would be
   */
  static DroppedAttributes parse(String value) {
    Map<String, Set<String>> kept = new LinkedHashMap<>();
    for (String raw : value.split(",", -1)) {
      String word = raw.strip().toLowerCase(Locale.ROOT);
      if (word.isEmpty()) {
        continue;
      }
      int colon = word.indexOf(':');
      String attribute = colon < 0 ? word : word.substring(colon + 1).strip();
      if (!ATTRIBUTES.contains(attribute)) {
        throw new IllegalArgumentException(
            "drops "
                + attribute
                + ", which is not an attribute (accepted: a comma-separated list of operation,"
                + " source, direction, status, each alone or after a metric and a colon:"
                + " duration:status)");
      }
      List<String> instruments = new ArrayList<>();
      if (colon < 0) {
        instruments.addAll(INSTRUMENTS.keySet());
      } else {
        String instrument = word.substring(0, colon).strip();
        Instrument known = INSTRUMENTS.get(instrument);
        if (known == null) {
          throw new IllegalArgumentException(
              "names "
                  + instrument
                  + ", which is no metric (accepted before the colon: bytes, active, finished,"
                  + " duration)");
        }
        if (!known.attributes.contains(attribute)) {
          throw new IllegalArgumentException(
              "drops "
                  + attribute
                  + " from "
                  + instrument
                  + ", which has none (status is on finished and duration only)");
        }
        instruments.add(instrument);
      }
      for (String instrument : instruments) {
        List<String> attributes = INSTRUMENTS.get(instrument).attributes;
        if (attributes.contains(attribute)) {
          kept.computeIfAbsent(instrument, k -> new LinkedHashSet<>(attributes)).remove(attribute);
        }
      }
    }
    if (kept.isEmpty()) {
      return NONE;
    }
    kept.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    return new DroppedAttributes(Collections.unmodifiableMap(kept));
  }

  /** Registers a view per instrument that loses an attribute, keeping the others. */
  void register(SdkMeterProviderBuilder meters) {
    kept.forEach(
        (instrument, attributes) ->
            meters.registerView(
                InstrumentSelector.builder()
                    .setMeterName(TransferMetrics.SCOPE)
                    .setName(INSTRUMENTS.get(instrument).name)
                    .build(),
                View.builder().setAttributeFilter(attributes).build()));
  }

  /** Whether nothing is dropped. */
  boolean isEmpty() {
    return kept.isEmpty();
  }

  /** What is dropped, as it would be written: {@code duration:status, finished:status}. */
  @Override
  public String toString() {
    if (kept.isEmpty()) {
      return "none";
    }
    List<String> dropped = new ArrayList<>();
    kept.forEach(
        (instrument, attributes) -> {
          for (String attribute : INSTRUMENTS.get(instrument).attributes) {
            if (!attributes.contains(attribute)) {
              dropped.add(instrument + ":" + attribute);
            }
          }
        });
    return String.join(",", dropped);
  }

  private static Map<String, Instrument> instruments() {
    List<String> open = List.of("operation", "source", "direction");
    List<String> ended = List.of("operation", "source", "direction", "status");
    Map<String, Instrument> instruments = new LinkedHashMap<>();
    instruments.put("bytes", new Instrument(TransferMetrics.BYTES, open));
    instruments.put("active", new Instrument(TransferMetrics.ACTIVE, open));
    instruments.put("finished", new Instrument(TransferMetrics.FINISHED, ended));
    instruments.put("duration", new Instrument(TransferMetrics.DURATION, ended));
    return Collections.unmodifiableMap(instruments);
  }

  /** An instrument's full name and its attributes. */
  private static final class Instrument {
    final String name;
    final List<String> attributes;

    Instrument(String name, List<String> attributes) {
      this.name = name;
      this.attributes = attributes;
    }
  }
}
