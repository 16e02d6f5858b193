// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The keys Flowmeter reads and the README's configuration table list the same keys, and every key
 * is read the same way by {@code validate()} and by the first transfer.
 */
final class ConfigKeysTest {
  private static final String INSTRUMENTATION = "flowmeter.instrumentation.<name>.enabled";

  /** The rows of the table under "## Configuration": each row's first cell, a key in backticks. */
  private static List<String> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Configuration\n");
    int end = readme.indexOf("\n## ", start + 1);
    assertThat(start).as("the README has a Configuration section").isPositive();
    Matcher row =
        Pattern.compile("^\\| `(flowmeter\\.[^`]+)` \\|(.*)$", Pattern.MULTILINE)
            .matcher(readme.substring(start, end));
    List<String> rows = new ArrayList<>();
    while (row.find()) {
      rows.add(row.group(1) + "\t" + row.group(2));
    }
    return rows;
  }

  private static Set<String> readmeKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (String row : readmeRows()) {
      assertThat(keys.add(row.substring(0, row.indexOf('\t')))).as("listed once: " + row).isTrue();
    }
    keys.removeIf(ConfigKeysTest::optionalSinkKey);
    return keys;
  }

  /**
   * Whether {@code key} is an option of a sink from an optional module ({@code
   * flowmeter.sink.email.to}): the table lists those too, and each module's own tests check them,
   * since the runtime cannot see their providers.
   */
  private static boolean optionalSinkKey(String key) {
    int start = ConfigKeys.SINK_PREFIX.length();
    int end = key.indexOf('.', start);
    if (!key.startsWith(ConfigKeys.SINK_PREFIX) || end < 0) {
      return false;
    }
    String kind = key.substring(start, end);
    if (kind.equals("<name>")) {
      return false;
    }
    for (SinkProvider provider : ServiceLoader.load(SinkProvider.class)) {
      if (provider.name().equals(kind)) {
        return false;
      }
    }
    return true;
  }

  /** Every key Flowmeter reads, as the README writes it: the patterns with {@code <name>}. */
  private static Set<String> knownKeys() {
    Set<String> keys = new TreeSet<>();
    for (String key : ConfigKeys.fixed()) {
      keys.add(key.startsWith("flowmeter.instrumentation.") ? INSTRUMENTATION : key);
    }
    keys.add(ConfigKeys.sinkOption("<name>", ConfigKeys.SINK_INTERVAL));
    for (SinkProvider provider : ServiceLoader.load(SinkProvider.class)) {
      String where = provider.getClass().getPackageName();
      if (where.equals("dev.flowmeter.console")
          || (where + ".").startsWith("dev.flowmeter.sinks.")) {
        assertThat(provider.options()).as(provider.name() + " declares its options").isNotEmpty();
        for (String option : provider.options()) {
          if (!option.equals(ConfigKeys.SINK_INTERVAL)) {
            keys.add(ConfigKeys.sinkOption(provider.name(), option));
          }
        }
      }
    }
    return keys;
  }

  @Test
  void readmeTable_listsEveryKey_andOnlyThose() throws IOException {
    Set<String> runtimeKeys = new TreeSet<>();
    for (String key : readmeKeys()) {
      if (!isOptionalModuleSinkKey(key)) {
        runtimeKeys.add(key);
      }
    }
    assertThat(runtimeKeys).containsExactlyElementsOf(knownKeys());
  }

  /**
   * Whether {@code key} is an option of a sink from an optional module ({@code
   * flowmeter.sink.desktop.on}): the runtime cannot load that sink, so the module's own tests check
   * its rows.
   */
  private static boolean isOptionalModuleSinkKey(String key) {
    if (!key.startsWith(ConfigKeys.SINK_PREFIX)) {
      return false;
    }
    String rest = key.substring(ConfigKeys.SINK_PREFIX.length());
    int dot = rest.indexOf('.');
    String kind = dot < 0 ? rest : rest.substring(0, dot);
    if (kind.equals("<name>")) {
      return false;
    }
    for (SinkProvider provider : ServiceLoader.load(SinkProvider.class)) {
      if (provider.name().equals(kind)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void readmeTable_namesEveryInstrumentationGroup() throws IOException {
    String row =
        readmeRows().stream().filter(r -> r.startsWith(INSTRUMENTATION)).findFirst().orElseThrow();
    for (String group : ConfigKeys.INSTRUMENTATION_GROUPS) {
      assertThat(row).contains("`" + group + "`");
    }
  }

  // ---------------------------------------------------------------- one reading, three paths

  /** A value with a colour escape, a bell, a line break, a NUL and a right-to-left override. */
  private static final String CONTROL = "\u001b[31mred\u0007\nnext\u0000\u202e";

  private static final String CONTROL_ESCAPED = "\\u001b[31mred\\u0007\\nnext\\u0000\\u202e";

  private static final List<String> BAD_VALUES =
      List.of(
          "",
          "   ",
          "-1",
          "-0.5s",
          "99999999999999999999999",
          "1e400",
          "NaN",
          "garbage",
          CONTROL,
          ",,,",
          "none,log");

  /** Every key of ConfigKeys, and a sink's interval, as a user may write it. */
  private static List<String> everyKey() {
    List<String> keys = new ArrayList<>(ConfigKeys.fixed());
    keys.add(ConfigKeys.sinkOption("log", ConfigKeys.SINK_INTERVAL));
    return keys;
  }

  /** {@code key=value}, with a sink that reads it when it is a sink's option, else none. */
  private static Map<String, String> properties(String key, String value) {
    Map<String, String> properties = new HashMap<>();
    if (!key.equals(ConfigKeys.SINKS)) {
      properties.put(ConfigKeys.SINKS, key.startsWith(ConfigKeys.SINK_PREFIX) ? "log" : "none");
    }
    properties.put(key, value);
    return properties;
  }

  /**
   * Hostile-user pass: every key with bad values, as a system property and as an environment
   * variable, through {@code validate()} and through the first transfer's start: both find the same
   * problems, each named once, naming the key and the value (control characters escaped), and the
   * start throws nothing. A runtime key's garbage is a problem; the agent's keys are the agent's to
   * check, so neither path reports them.
   */
  @Test
  void everyKey_badValues_validateAndTheFirstTransferAgree() {
    for (String key : everyKey()) {
      for (String value : BAD_VALUES) {
        Map<String, String> asProperty = properties(key, value);
        Map<String, String> asEnvironment = new HashMap<>();
        asProperty.forEach((k, v) -> asEnvironment.put(Config.environmentName(k), v));
        List<String> byProperty = agree(key, value, asProperty, Map.of());
        List<String> byEnvironment = agree(key, value, Map.of(), asEnvironment);
        assertThat(byEnvironment).as(key + "=" + value + " as a variable").isEqualTo(byProperty);
        boolean readByTheRuntime =
            ConfigKeys.runtime().contains(key) || key.startsWith(ConfigKeys.SINK_PREFIX);
        if (value.equals("garbage")) {
          assertThat(byProperty).as(key + "=garbage").hasSize(readByTheRuntime ? 1 : 0);
        }
      }
    }
  }

  /** The problems of {@code key=value} by validate, checked against the first transfer's lines. */
  private static List<String> agree(
      String key, String value, Map<String, String> properties, Map<String, String> environment) {
    String what = key + "='" + value + "'";
    List<ConfigException> validated = new ArrayList<>();
    Config.load(properties, environment, Config.Problems.into(validated)).validate();
    List<String> messages = validated.stream().map(Throwable::getMessage).toList();
    assertThat(messages).as(what + ": each problem once").doesNotHaveDuplicates();
    String shown = value.equals(CONTROL) ? CONTROL_ESCAPED : value;
    for (ConfigException problem : validated) {
      assertThat(problem.key()).as(what).isEqualTo(key);
      assertThat(problem.value()).as(what).isEqualTo(value);
      assertThat(problem.getMessage())
          .as(what)
          .startsWith(key + ": '" + shown + "' ")
          .doesNotContain("\u001b", "\n", "\u0000", "\u202e");
    }

    List<String> lines = new ArrayList<>();
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      assertThatCode(
              () -> {
                Config config = Config.load(properties, environment, Config.Problems.reported());
                Tracker tracker =
                    new Tracker(
                        Tracker.Settings.from(config), System::nanoTime, Clock.systemUTC(), false);
                try {
                  tracker.startSinks(config);
                } finally {
                  tracker.shutdown();
                }
              })
          .as(what + ": the first transfer's start")
          .doesNotThrowAnyException();
      lines.addAll(said.lines());
    }
    assertThat(lines).as(what + ": said at the first transfer").hasSameSizeAs(messages);
    for (int i = 0; i < messages.size(); i++) {
      assertThat(lines.get(i)).as(what).startsWith("flowmeter: " + messages.get(i) + "; ");
    }
    return messages;
  }
}
