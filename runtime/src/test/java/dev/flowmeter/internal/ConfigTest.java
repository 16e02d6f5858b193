// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flowmeter.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where configuration comes from, and the messages for what is wrong in it: every problem is handed
 * over (said once, or collected for {@code validate}), never thrown, and the default or the valid
 * rest is used.
 */
final class ConfigTest {
  @TempDir Path dir;

  private final List<ConfigException> problems = new ArrayList<>();

  private Config load(Map<String, String> properties) {
    return Config.load(properties, Map.of(), Config.Problems.into(problems));
  }

  private List<String> messages() {
    return problems.stream().map(Throwable::getMessage).toList();
  }

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
            Map.of("FLOWMETER_INTERVAL", "2s", "FLOWMETER_SMOOTHING", "0.1"),
            Config.Problems.into(problems));
    Tracker.Settings settings = Tracker.Settings.from(config);
    assertThat(settings.interval).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.smoothing).isEqualTo(0.1);
    assertThat(settings.retention).isEqualTo(Duration.ofHours(1));
    assertThat(settings.shutdownTimeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(problems).isEmpty();
  }

  @Test
  void interval_defaultsTo100ms_alsoWhenNotATerminal() {
    // the tests run without a terminal: the console's plain lines need 100 ms snapshots to come
    // at each 10 % step of a transfer of a few seconds (issue 8: 1 s gave lines at 33/66/99 %)
    Tracker.Settings settings = Tracker.Settings.from(Config.load(Map.of(), Map.of()));
    assertThat(settings.interval).isEqualTo(Duration.ofMillis(100));
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
  void environment_onlyFlowmeterVariablesAreKept() {
    Config config =
        Config.load(Map.of(), Map.of("FLOWMETER_SINKS", "none", "HOME", "/root", "PATH", "/bin"));
    assertThat(config.environmentNames()).containsExactly("FLOWMETER_SINKS");
  }

  @Test
  void configFile_missing_reportedAndIgnored_theRestStillRead() {
    String missing = dir.resolve("nope.properties").toString();
    Config config = load(Map.of("flowmeter.config", missing, "flowmeter.smoothing", "0.2"));
    assertThat(config.get("flowmeter.smoothing")).isEqualTo("0.2");
    assertThat(messages())
        .containsExactly(
            "flowmeter.config: '" + missing + "' does not exist (accepted: a properties file)");
  }

  @Test
  void configFile_directory_reportedAndIgnored() {
    load(Map.of("flowmeter.config", dir.toString()));
    assertThat(messages())
        .containsExactly(
            "flowmeter.config: '" + dir + "' is not a regular file (accepted: a properties file)");
  }

  @Test
  void configFile_notUtf8_saysSoAndWhatIsAccepted() throws IOException {
    Path latin1 = dir.resolve("latin1.properties");
    Files.write(
        latin1,
        "flowmeter.sinks=csv:/tmp/caf\u00e9.csv\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Config config = load(Map.of("flowmeter.config", latin1.toString()));
    assertThat(config.fileKeys()).isEmpty();
    assertThat(messages())
        .containsExactly(
            "flowmeter.config: '"
                + latin1
                + "' is not UTF-8 text (accepted: a properties file in UTF-8, or in ASCII with"
                + " \\uXXXX escapes)");
  }

  /**
   * A FIFO with no writer blocked {@code Config.load}, and so every first {@code wrap}, for ever.
   */
  @Test
  void configFile_fifo_isNotOpened_soNothingBlocks() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
        .as("mkfifo is available")
        .isTrue();
    // a hang detector, not a timing assertion: before the fix this never returned
    Config config =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> load(Map.of("flowmeter.config", fifo.toString())));
    assertThat(config.fileKeys()).isEmpty();
    assertThat(messages())
        .containsExactly(
            "flowmeter.config: '" + fifo + "' is not a regular file (accepted: a properties file)");
  }

  @Test
  void sinks_splitOnFirstColonOnly() {
    Config config =
        load(
            Map.of(
                "flowmeter.sinks",
                " console , csv:C:\\logs\\x.csv,jdbc:jdbc:sqlite:t.db?a=b,JSON:/tmp/a:b=c.json"));
    List<Config.SinkSpec> specs = config.sinks();
    assertThat(specs).extracting(s -> s.kind).containsExactly("console", "csv", "jdbc", "json");
    assertThat(specs).extracting(s -> s.name).containsExactly("console", "csv", "jdbc", "json");
    assertThat(specs)
        .extracting(s -> s.argument)
        .containsExactly(null, "C:\\logs\\x.csv", "jdbc:sqlite:t.db?a=b", "/tmp/a:b=c.json");
    assertThat(problems).isEmpty();
  }

  @Test
  void sinks_namedInstances_nameBeforeEqualsBeforeTheFirstColon() {
    Config config =
        load(
            Map.of(
                "flowmeter.sinks",
                "console,alerts=jsonl:/tmp/a.jsonl, audit_2 = JSONL:/tmp/b=c.jsonl,web-hook=log"));
    List<Config.SinkSpec> specs = config.sinks();
    assertThat(specs)
        .extracting(Config.SinkSpec::toString)
        .containsExactly(
            "console", "alerts=jsonl:/tmp/a.jsonl", "audit_2=jsonl:/tmp/b=c.jsonl", "web-hook=log");
    assertThat(specs)
        .extracting(s -> s.name)
        .containsExactly("console", "alerts", "audit_2", "web-hook");
    assertThat(problems).isEmpty();
  }

  @Test
  void sinks_twoUnnamedOfOneKind_secondSkipped_messageSuggestsNames() {
    Config config = load(Map.of("flowmeter.sinks", "jsonl:/a,console,jsonl:/b"));
    assertThat(config.sinks())
        .extracting(Config.SinkSpec::toString)
        .containsExactly("jsonl:/a", "console");
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: 'jsonl:/a,console,jsonl:/b' has two sinks named 'jsonl' (accepted: a"
                + " name of its own for each, as in first=jsonl:<argument>,second=jsonl:<argument>)");
  }

  @Test
  void sinks_twoFileSinksOnOneFile_saidOnceInOneLineNamingBoth_bothKept() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      Path file = dir.resolve("x.csv");
      String value =
          "a=csv:" + file + ",b=jsonl:" + dir.resolve("sub/../x.csv") + ",c=csv:" + dir + "/y.csv";
      Config config = load(Map.of("flowmeter.sinks", value));

      assertThat(config.sinks()).extracting(s -> s.name).containsExactly("a", "b", "c");
      config.sinks(); // read again, as validate() and the first transfer do: said once

      assertThat(problems).isEmpty(); // a warning: both sinks run
      assertThat(said.lines())
          .containsExactly(
              "flowmeter: sinks 'a', 'b' write the same file "
                  + file
                  + " (flowmeter.sinks): it gets every event 2 times; each sink still runs"
                  + " (give each a file of its own)");
    }
  }

  @Test
  void sinks_sameArgumentForSinksThatWriteNoFile_saysNothing() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      assertThat(load(Map.of("flowmeter.sinks", "a=log:x,b=log:x,c=console")).sinks()).hasSize(3);
      assertThat(said.lines()).isEmpty();
    }
  }

  @Test
  void sinks_malformedEntries_reportedOneByOne_validOnesKept() {
    Config config =
        load(Map.of("flowmeter.sinks", "console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w"));
    assertThat(config.sinks())
        .extracting(Config.SinkSpec::toString)
        .containsExactly("console", "ok=log");
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: 'console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w' has an empty entry"
                + " (accepted: [name=]kind[:argument], comma-separated, with nothing between two"
                + " commas or after the last; none for no sink)",
            "flowmeter.sinks: 'console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w' names a sink 'a b'"
                + " (accepted: a name of letters, digits, '-' and '_', as in alerts=csv:<argument>)",
            "flowmeter.sinks: 'console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w' names a sink ''"
                + " (accepted: a name of letters, digits, '-' and '_', as in alerts=csv:<argument>)",
            "flowmeter.sinks: 'console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w' has a sink spec"
                + " with no kind: 'ok=:z' (accepted: [name=]kind[:argument], comma-separated)",
            "flowmeter.sinks: 'console,,a b=csv:x,=csv:y,ok=:z,ok=log,ok=csv:w' has two sinks"
                + " named 'ok' (accepted: a name of its own for each, as in"
                + " first=csv:<argument>,second=csv:<argument>)");
  }

  /** Hostile-user finding: {@code ,,,} was four identical problems, one per empty entry. */
  @Test
  void sinks_onlyCommas_oneProblemNamingKeyAndValue_noSink() {
    assertThat(load(Map.of("flowmeter.sinks", ",,,")).sinks()).isEmpty();
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: ',,,' has 4 empty entries (accepted: [name=]kind[:argument],"
                + " comma-separated, with nothing between two commas or after the last; none for"
                + " no sink)");
  }

  /** An empty entry is a mistake (said once for the value), and the sinks around it run. */
  @Test
  void sinks_emptyEntries_oneProblem_theOtherSinksKept() {
    assertThat(load(Map.of("flowmeter.sinks", "csv:/a, ,jsonl:/b,")).sinks())
        .extracting(Config.SinkSpec::toString)
        .containsExactly("csv:/a", "jsonl:/b");
    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("flowmeter.sinks: 'csv:/a, ,jsonl:/b,' has 2 empty entries (accepted: ");
  }

  /**
   * Hostile-user finding: {@code none} beside other sinks was looked up as a sink called {@code
   * none}. It is valid only alone; beside others it is one problem, and the others run.
   */
  @Test
  void sinks_noneBesideOtherSinks_oneProblem_theOthersKept() {
    assertThat(load(Map.of("flowmeter.sinks", "none,csv:/tmp/x.csv")).sinks())
        .extracting(Config.SinkSpec::toString)
        .containsExactly("csv:/tmp/x.csv");
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: 'none,csv:/tmp/x.csv' has 'none' beside other sinks (accepted: none"
                + " alone, with no name or argument, for no sink; or a list of sinks without it)");
  }

  @Test
  void sinks_noneAlone_anyCase_noSink_butNotNamedOrWithAnArgument() {
    for (String none : List.of("none", " NONE ", "None")) {
      assertThat(load(Map.of("flowmeter.sinks", none)).sinks()).as(none).isEmpty();
    }
    assertThat(problems).isEmpty();
    assertThat(load(Map.of("flowmeter.sinks", "off=none")).sinks()).isEmpty();
    assertThat(load(Map.of("flowmeter.sinks", "none:x")).sinks()).isEmpty();
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: 'off=none' has 'off=none' (accepted: none alone, with no name or"
                + " argument, for no sink; or a list of sinks without it)",
            "flowmeter.sinks: 'none:x' has 'none:x' (accepted: none alone, with no name or"
                + " argument, for no sink; or a list of sinks without it)");
  }

  @Test
  void sinks_defaultConsole_noneOrBlankMeansNoSink() {
    assertThat(load(Map.of()).sinks()).extracting(s -> s.name).containsExactly("console");
    assertThat(load(Map.of("flowmeter.sinks", "none")).sinks()).isEmpty();
    assertThat(load(Map.of("flowmeter.sinks", "")).sinks()).isEmpty();
    assertThat(load(Map.of("flowmeter.sinks", " \t ")).sinks()).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void malformedValues_reportedOneLineEach_defaultsUsed() {
    Config config =
        load(
            Map.of(
                "flowmeter.interval", "10 parsecs",
                "flowmeter.smoothing", "2",
                "flowmeter.retention-count", "lots"));
    Tracker.Settings settings = Tracker.Settings.from(config);
    assertThat(settings.smoothing).isEqualTo(0.5);
    assertThat(settings.retentionCount).isEqualTo(1000);
    assertThat(messages())
        .containsExactly(
            "flowmeter.interval: '10 parsecs' is not a duration (accepted: 250ms, 2s, 5m, 24h, 7d,"
                + " or a number of milliseconds)",
            "flowmeter.smoothing: '2' is not a number from 0 to 1",
            "flowmeter.retention-count: 'lots' is not a whole number from 0 to 10000000");
  }

  /** {@code flowmeter.interval=0.000001} was taken as 1 ns: the reporter spun a core. */
  @Test
  void interval_belowOneMillisecond_rejected_defaultUsed() {
    Tracker.Settings settings =
        Tracker.Settings.from(load(Map.of("flowmeter.interval", "0.000001")));
    assertThat(settings.interval).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(messages())
        .containsExactly("flowmeter.interval: '0.000001' is not a duration from 1ms to 1h");
  }

  @Test
  void ranges_timeoutsAndRetentionBounded() {
    Tracker.Settings low =
        Tracker.Settings.from(
            load(
                Map.of(
                    "flowmeter.interval", "1ms",
                    "flowmeter.shutdown-timeout", "0",
                    "flowmeter.retention", "0")));
    assertThat(low.interval).isEqualTo(Duration.ofMillis(1));
    assertThat(low.shutdownTimeout).isZero();
    assertThat(problems).isEmpty();
    Tracker.Settings high =
        Tracker.Settings.from(
            load(
                Map.of(
                    "flowmeter.interval", "2h",
                    "flowmeter.shutdown-timeout", "1d",
                    "flowmeter.retention", "400d")));
    assertThat(high.shutdownTimeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(high.retention).isEqualTo(Duration.ofHours(24));
    assertThat(messages())
        .containsExactly(
            "flowmeter.interval: '2h' is not a duration from 1ms to 1h",
            "flowmeter.retention: '400d' is not a duration from 0 to 365d",
            "flowmeter.shutdown-timeout: '1d' is not a duration from 0 to 1m");
  }

  @Test
  void reported_saidOnceWithWhatFlowmeterDoesInstead() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      for (int i = 0; i < 3; i++) {
        Tracker.Settings.from(
            Config.load(
                Map.of("flowmeter.smoothing", "lots"), Map.of(), Config.Problems.reported()));
      }
      assertThat(said.lines())
          .containsExactly(
              "flowmeter: flowmeter.smoothing: 'lots' is not a number from 0 to 1; using 0.5");
    }
  }

  @Test
  void durations_acceptedForms() {
    assertThat(Values.duration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Values.duration("k", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Values.duration("k", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Values.duration("k", "24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Values.duration("k", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Values.duration("k", "40")).isEqualTo(Duration.ofMillis(40));
    assertThatThrownBy(() -> Values.duration("k", "-1s")).isInstanceOf(ConfigException.class);
    assertThat(Values.bytes("k", "1MiB")).isEqualTo(1 << 20);
    assertThat(Values.bytes("k", "10MB")).isEqualTo(10_000_000);
    assertThat(Values.format(Duration.ofMillis(1))).isEqualTo("1ms");
    assertThat(Values.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Values.format(Duration.ofDays(365))).isEqualTo("365d");
  }

  /** A value with a line break or an escape sequence: the message is one line, escaped. */
  @Test
  void configException_controlCharacters_shownEscaped_valueKeptAsWritten() {
    String value = "\u001b[31mred\u0007\nnext\r\tline\u0000\u009b\u202e";
    ConfigException e = new ConfigException("flowmeter.interval", value, "is not a duration");
    assertThat(e)
        .hasMessage(
            "flowmeter.interval: '\\u001b[31mred\\u0007\\nnext\\r\\tline\\u0000\\u009b\\u202e'"
                + " is not a duration");
    assertThat(e.value()).isEqualTo(value);
    assertThat(new ConfigException("flowmeter.sinks", "csv:C:\\logs\\x.csv", "is fine"))
        .hasMessage("flowmeter.sinks: 'csv:C:\\logs\\x.csv' is fine");
  }

  @Test
  void configException_ofSeveral_listsEveryProblemInOneLine() {
    ConfigException a = new ConfigException("flowmeter.sinks", "consol", "names an unknown sink");
    ConfigException b = new ConfigException("flowmeter.interval", "0", "is too short");
    ConfigException both = ConfigException.of(List.of(a, b));
    assertThat(both)
        .hasMessage(
            "2 problems in the flowmeter configuration: flowmeter.sinks: 'consol' names an unknown"
                + " sink; flowmeter.interval: '0' is too short");
    assertThat(both.key()).isEqualTo("flowmeter.sinks");
    assertThat(both.problems()).containsExactly(a, b);
    assertThat(ConfigException.of(List.of(a))).isSameAs(a);
    assertThat(a.problems()).containsExactly(a);
  }

  /** The agent loads the sink it bundles only when named: it reads the kinds as sinks() does. */
  @Test
  void kindsNamed_readsEachSpecsKindAsSinksDoes() {
    assertThat(Config.kindsNamed("console, dash = HTTP:8080,csv:C:\\logs\\x.csv"))
        .containsExactlyInAnyOrder("console", "http", "csv");
    assertThat(Config.kindsNamed("jdbc:jdbc:http:x,none"))
        .containsExactlyInAnyOrder("jdbc", "none");
    assertThat(Config.kindsNamed("console")).doesNotContain("http");
    assertThat(load(Map.of("flowmeter.sinks", "console, dash = HTTP:8080")).sinks())
        .extracting(spec -> spec.kind)
        .containsExactly("console", "http");
  }
}
