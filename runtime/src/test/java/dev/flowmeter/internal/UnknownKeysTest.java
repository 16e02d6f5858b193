// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A misspelled key used to be ignored without a word; now it is one warning naming the closest. */
final class UnknownKeysTest {
  @TempDir Path dir;

  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();

  private List<String> warnings(Map<String, String> properties, Map<String, String> environment) {
    Config config = Config.load(properties, environment);
    List<Config.SinkSpec> specs = config.sinks();
    UnknownKeys.warn(config, specs, Sinks.providers());
    return said.lines();
  }

  @Test
  void misspelledKeys_oneWarningEach_namingTheClosest() {
    assertThat(
            warnings(
                Map.of(
                    "flowmeter.snks", "none",
                    "flowmeter.sink.console.styel", "minimal",
                    "flowmeter.retention_count", "5"),
                Map.of("FLOWMETER_INTERVALL", "1s")))
        .containsExactly(
            "flowmeter: unknown key flowmeter.retention_count (did you mean"
                + " flowmeter.retention-count?)",
            "flowmeter: unknown key flowmeter.sink.console.styel (did you mean"
                + " flowmeter.sink.console.style?)",
            "flowmeter: unknown key flowmeter.snks (did you mean flowmeter.sinks?)",
            "flowmeter: unknown environment variable FLOWMETER_INTERVALL (did you mean"
                + " FLOWMETER_INTERVAL?)");
  }

  @Test
  void saidOnce_howeverOftenChecked() {
    warnings(Map.of("flowmeter.snks", "none"), Map.of());
    assertThat(warnings(Map.of("flowmeter.snks", "none"), Map.of())).hasSize(1);
  }

  @Test
  void nothingLikeAKnownKey_saysSo() {
    assertThat(warnings(Map.of("flowmeter.zzzzzzzz", "1"), Map.of()))
        .containsExactly(
            "flowmeter: unknown key flowmeter.zzzzzzzz (no known key is like it; the keys are"
                + " listed in Flowmeter's README)");
  }

  @Test
  void fileKeys_warnedWithTheFileName() throws IOException {
    Path file = dir.resolve("flowmeter.properties");
    Files.writeString(file, "flowmeter.intervall=1s\nother.key=1\n", StandardCharsets.UTF_8);
    assertThat(warnings(Map.of("flowmeter.config", file.toString()), Map.of()))
        .containsExactly(
            "flowmeter: unknown key flowmeter.intervall in "
                + file
                + " (did you mean flowmeter.interval?)");
  }

  @Test
  void knownKeys_noWarning() {
    assertThat(
            warnings(
                Map.of(
                    "flowmeter.sinks", "alerts=jsonl:/tmp/a,test-record:/tmp/r",
                    "flowmeter.sink.alerts.interval", "1s",
                    "flowmeter.sink.jsonl.interval", "1s",
                    // a built-in sink that is not configured: its declared options are known
                    "flowmeter.sink.console.width", "100",
                    // a provider that declares no options: none of its keys is checked
                    "flowmeter.sink.test-record.hang", "false",
                    "flowmeter.instrumentation.zip.enabled", "false",
                    "flowmeter.agent.state", "installed",
                    "flowmeter.methods.include", "a.B[c]"),
                Map.of(
                    "FLOWMETER_SINK_ALERTS_INTERVAL", "2s",
                    "FLOWMETER_SINK_FAILURES", "3",
                    "FLOWMETER_AGENT_WAIT", "true",
                    "HOME", "/root")))
        .isEmpty();
  }

  @Test
  void optionOfANamedInstance_checkedAgainstItsProvidersOptions() {
    assertThat(
            warnings(
                Map.of(
                    "flowmeter.sinks", "live=json:/tmp/s.json",
                    "flowmeter.sink.live.kep", "1h"),
                Map.of()))
        .containsExactly(
            "flowmeter: unknown key flowmeter.sink.live.kep (did you mean"
                + " flowmeter.sink.live.keep?)");
  }

  @Test
  void distance_isLevenshtein() {
    assertThat(UnknownKeys.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(UnknownKeys.distance("", "abc")).isEqualTo(3);
    assertThat(UnknownKeys.distance("same", "same")).isZero();
  }

  /** Hostile-user finding: a file of thousands of wrong keys printed thousands of lines. */
  @Test
  void manyUnknownKeys_twentyNamed_thenOneLine() {
    Map<String, String> wrong = new java.util.HashMap<>();
    for (int i = 0; i < 300; i++) {
      wrong.put("flowmeter.wrongkey" + i, "1");
    }
    List<String> lines = warnings(wrong, Map.of());
    assertThat(lines).hasSize(UnknownKeys.MAX_WARNINGS + 1);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "flowmeter: more unknown keys than the first 20 shown; the keys are listed in"
                + " Flowmeter's README");
  }

  /** Hostile-user finding: a 6 MB configuration file blocked the first wrap for 16 s. */
  @Test
  void hugeConfigFile_refusedInOneLine() throws Exception {
    Path huge = dir.resolve("huge.properties");
    java.nio.file.Files.write(
        huge, new byte[(int) dev.flowmeter.internal.ConfigFile.MAX_BYTES + 1]);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> dev.flowmeter.internal.ConfigFile.read(huge.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("more than a configuration needs");
  }
}
