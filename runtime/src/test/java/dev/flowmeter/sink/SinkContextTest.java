// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options a sink instance reads: its own name first, then its kind. */
final class SinkContextTest {
  private static SinkContext context(String name, String kind, Map<String, String> keys) {
    return SinkContext.builder(name).kind(kind).lookup(keys::get).build();
  }

  @Test
  void unnamed_nameIsTheKind() {
    SinkContext context = SinkContext.builder("csv").build();
    assertThat(context.name()).isEqualTo("csv");
    assertThat(context.kind()).isEqualTo("csv");
    assertThat(context.key("interval")).isEqualTo("flowmeter.sink.csv.interval");
  }

  @Test
  void named_ownOptionFirst_thenTheKinds() {
    SinkContext context =
        context(
            "alerts",
            "jsonl",
            Map.of(
                "flowmeter.sink.alerts.interval", "5s",
                "flowmeter.sink.jsonl.interval", "1s",
                "flowmeter.sink.jsonl.keep", "1m"));
    assertThat(context.name()).isEqualTo("alerts");
    assertThat(context.kind()).isEqualTo("jsonl");
    assertThat(context.durationOption("interval", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(context.option("keep")).contains("1m");
    assertThat(context.option("other")).isEmpty();
    assertThat(context.key("interval")).isEqualTo("flowmeter.sink.alerts.interval");
    assertThat(context.key("keep")).isEqualTo("flowmeter.sink.jsonl.keep");
    assertThat(context.key("other")).isEqualTo("flowmeter.sink.alerts.other");
  }

  @Test
  void malformed_namesTheKeyTheValueCameFrom() {
    SinkContext context = context("audit", "csv", Map.of("flowmeter.sink.csv.interval", "soon"));
    assertThatThrownBy(() -> context.durationOption("interval", Duration.ofSeconds(1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("flowmeter.sink.csv.interval: 'soon' is not a duration");
    SinkContext own = SinkContext.builder("csv").option("interval", "soon").build();
    assertThatThrownBy(() -> own.durationOption("interval", Duration.ofSeconds(1)))
        .hasMessageStartingWith("flowmeter.sink.csv.interval: 'soon' is not a duration");
  }

  @Test
  void durationOption_range() {
    SinkContext context = SinkContext.builder("json").option("keep", "400d").build();
    assertThatThrownBy(
            () ->
                context.durationOption(
                    "keep", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(365)))
        .hasMessage("flowmeter.sink.json.keep: '400d' is not a duration from 0 to 365d");
  }

  @Test
  void badValue_isReportedWithTheDefaultUsed_inWordsWhereGiven() {
    List<String> said = new ArrayList<>();
    SinkContext context =
        SinkContext.builder("desktop")
            .option("timeout", "soon")
            .onBadOption((e, using) -> said.add(e.getMessage() + "; " + using))
            .build();

    Duration own =
        context.durationOption(
            "timeout", Duration.ofMillis(-1), Duration.ZERO, Duration.ofDays(1), "the default");
    Duration plain =
        context.durationOption("timeout", Duration.ofSeconds(5), Duration.ZERO, Duration.ofDays(1));

    assertThat(own).isEqualTo(Duration.ofMillis(-1));
    assertThat(plain).isEqualTo(Duration.ofSeconds(5));
    assertThat(said)
        .hasSize(2)
        .allSatisfy(
            line -> assertThat(line).startsWith("flowmeter.sink.desktop.timeout: 'soon' is not"));
    assertThat(said.get(0)).endsWith("; using the default");
    assertThat(said.get(1)).endsWith("; using 5s");
  }

  @Test
  void requireArgument_namesTheSpecAsWritten() {
    assertThatThrownBy(() -> SinkContext.builder("csv").build().requireArgument("csv:<path>"))
        .hasMessage("flowmeter.sinks: 'csv' needs an argument (accepted: csv:<path>)");
    assertThatThrownBy(
            () ->
                SinkContext.builder("audit")
                    .kind("csv")
                    .argument(" ")
                    .build()
                    .requireArgument("csv:<path>"))
        .hasMessage("flowmeter.sinks: 'audit=csv: ' needs an argument (accepted: csv:<path>)");
  }
}
