// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from, and the messages for what is wrong in it. */
final class ConfigTest {
  @TempDir Path dir;

  @Test
  void precedence_propertyThenEnvironmentThenFileThenDefault() throws IOException {
    Path file = dir.resolve("flowmeter.properties");
    Files.writeString(
        file,
        "flowmeter.interval=3s\nflowmeter.smoothing=0.9\nflowmeter.retention=1h\n",
        StandardCharsets.UTF_8);
    Config config =
        Config.load(
            Map.of("flowmeter.interval", "1s", "flowmeter.config", file.toString()),
            Map.of("FLOWMETER_INTERVAL", "2s", "FLOWMETER_SMOOTHING", "0.1"));
    assertThat(config.duration("flowmeter.interval", Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(config.decimal("flowmeter.smoothing", 0.5, 0, 1)).isEqualTo(0.1);
    assertThat(config.duration("flowmeter.retention", Duration.ZERO))
        .isEqualTo(Duration.ofHours(1));
    assertThat(config.duration("flowmeter.shutdown-timeout", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void environmentName_upperCaseDotsAndDashesBecomeUnderscores() {
    assertThat(Config.environmentName("flowmeter.sinks")).isEqualTo("FLOWMETER_SINKS");
    assertThat(Config.environmentName("flowmeter.sink.console.style"))
        .isEqualTo("FLOWMETER_SINK_CONSOLE_STYLE");
    assertThat(Config.environmentName("flowmeter.shutdown-timeout"))
        .isEqualTo("FLOWMETER_SHUTDOWN_TIMEOUT");
    Config config = Config.load(Map.of(), Map.of("FLOWMETER_SINK_CONSOLE_STYLE", "minimal"));
    assertThat(config.get("flowmeter.sink.console.style")).isEqualTo("minimal");
  }

  @Test
  void configFile_missing_namesKeyAndPath() {
    String missing = dir.resolve("nope.properties").toString();
    assertThatThrownBy(() -> Config.load(Map.of("flowmeter.config", missing), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("flowmeter.config: '" + missing + "' cannot be read")
        .hasMessageContaining("NoSuchFileException");
  }

  @Test
  void sinks_splitOnFirstColonOnly() {
    Config config =
        Config.load(
            Map.of(
                "flowmeter.sinks",
                " console , csv:C:\\logs\\x.csv,jdbc:jdbc:sqlite:t.db,JSON:/tmp/a:b.json"),
            Map.of());
    List<Config.SinkSpec> specs = config.sinks();
    assertThat(specs).extracting(s -> s.name).containsExactly("console", "csv", "jdbc", "json");
    assertThat(specs)
        .extracting(s -> s.argument)
        .containsExactly(null, "C:\\logs\\x.csv", "jdbc:sqlite:t.db", "/tmp/a:b.json");
  }

  @Test
  void sinks_defaultConsole_noneMeansNoSink() {
    assertThat(Config.load(Map.of(), Map.of()).sinks())
        .extracting(s -> s.name)
        .containsExactly("console");
    assertThat(Config.load(Map.of("flowmeter.sinks", "none"), Map.of()).sinks()).isEmpty();
    assertThat(Config.load(Map.of("flowmeter.sinks", ""), Map.of()).sinks()).isEmpty();
  }

  @Test
  void sinks_emptyEntry_isAnError() {
    Config config = Config.load(Map.of("flowmeter.sinks", "console,,csv:x"), Map.of());
    assertThatThrownBy(config::sinks)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "flowmeter.sinks: 'console,,csv:x' has an empty sink spec (accepted: name[:argument],name[:argument],...)");
  }

  @Test
  void unknownSink_namesKeyValueAndAcceptedNames() {
    Config config = Config.load(Map.of("flowmeter.sinks", "consloe"), Map.of());
    assertThatThrownBy(() -> Sinks.create(config, Tracker.Settings.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "flowmeter.sinks: 'consloe' names an unknown sink 'consloe' (accepted: ")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("flowmeter.sinks"));
  }

  @Test
  void sinkWhoseProviderThrows_isAConfigExceptionNamingIt() {
    Config config = Config.load(Map.of("flowmeter.sinks", "test-broken:x"), Map.of());
    assertThatThrownBy(() -> Sinks.create(config, Tracker.Settings.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "flowmeter.sinks: 'test-broken:x' failed to start (java.lang.IllegalStateException: bug in create)")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedValues_oneLineNamingKeyValueAndAccepted() {
    Config config =
        Config.load(
            Map.of(
                "flowmeter.interval", "10 parsecs",
                "flowmeter.smoothing", "2",
                "flowmeter.retention-count", "lots"),
            Map.of());
    assertThatThrownBy(() -> Tracker.Settings.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "flowmeter.interval: '10 parsecs' is not a duration (accepted: 250ms, 2s, 5m, 24h, 7d, or a number of milliseconds)");
    Config smoothing = Config.load(Map.of("flowmeter.smoothing", "2"), Map.of());
    assertThatThrownBy(() -> Tracker.Settings.from(smoothing))
        .hasMessage("flowmeter.smoothing: '2' is not a number from 0 to 1");
    Config count = Config.load(Map.of("flowmeter.retention-count", "lots"), Map.of());
    assertThatThrownBy(() -> Tracker.Settings.from(count))
        .hasMessage("flowmeter.retention-count: 'lots' is not a whole number from 0 to 10000000");
  }

  @Test
  void durations_acceptedForms() {
    assertThat(dev.flowmeter.internal.Values.duration("k", "250ms"))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(dev.flowmeter.internal.Values.duration("k", "1.5s"))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(dev.flowmeter.internal.Values.duration("k", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(dev.flowmeter.internal.Values.duration("k", "24h")).isEqualTo(Duration.ofHours(24));
    assertThat(dev.flowmeter.internal.Values.duration("k", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(dev.flowmeter.internal.Values.duration("k", "40")).isEqualTo(Duration.ofMillis(40));
    assertThatThrownBy(() -> dev.flowmeter.internal.Values.duration("k", "-1s"))
        .isInstanceOf(ConfigException.class);
    assertThat(dev.flowmeter.internal.Values.bytes("k", "1MiB")).isEqualTo(1 << 20);
    assertThat(dev.flowmeter.internal.Values.bytes("k", "10MB")).isEqualTo(10_000_000);
  }

  @Test
  void sinkOption_malformed_namesFullKey() {
    dev.flowmeter.sink.SinkContext context =
        dev.flowmeter.sink.SinkContext.builder("csv").option("interval", "soon").build();
    assertThatThrownBy(() -> context.durationOption("interval", Duration.ofSeconds(1)))
        .hasMessageStartingWith("flowmeter.sink.csv.interval: 'soon' is not a duration");
    assertThatThrownBy(
            () ->
                dev.flowmeter.sink.SinkContext.builder("csv").build().requireArgument("csv:<path>"))
        .hasMessage("flowmeter.sinks: 'csv' needs an argument (accepted: csv:<path>)");
  }
}
