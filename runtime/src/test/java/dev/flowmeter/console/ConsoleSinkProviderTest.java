// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ConsoleSinkProviderTest {
  @Test
  void serviceLoader_findsTheConsoleProviderByName() {
    SinkProvider found = null;
    for (SinkProvider provider : ServiceLoader.load(SinkProvider.class)) {
      if (provider.name().equals("console")) {
        found = provider;
      }
    }
    assertThat(found).isInstanceOf(ConsoleSinkProvider.class);
    assertThat(found.defaultInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(found.usage()).isEqualTo("console");
  }

  @ParameterizedTest
  @CsvSource({
    "style, fancy, 'flowmeter.sink.console.style: ''fancy'' is not accepted (accepted: bar, detailed, minimal, silent)'",
    "ascii, maybe, 'flowmeter.sink.console.ascii: ''maybe'' is not a boolean'",
    "width, wide, 'flowmeter.sink.console.width: ''wide'' is not a whole number from 20 to 10000'",
    "width, 5, 'flowmeter.sink.console.width: ''5'' is not a whole number'",
    "stream, stdlog, 'flowmeter.sink.console.stream: ''stdlog'' is not accepted (accepted: stderr, stdout)'",
    "terminal, sometimes, 'flowmeter.sink.console.terminal: ''sometimes'' is not accepted'",
  })
  void create_malformedOption_throwsConfigExceptionNamingKeyAndValue(
      String key, String value, String message) {
    SinkContext context = SinkContext.builder("console").option(key, value).build();
    assertThatThrownBy(() -> new ConsoleSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  /** Under the tracker, a mistake in one option costs that option only, never the console. */
  @ParameterizedTest
  @CsvSource({
    "style, fancy, 'using bar'",
    "ascii, maybe, 'using true'",
    "width, 19, 'using 80'",
    "width, 79.5, 'using 80'",
    "stream, stdlog, 'using stderr'",
    "terminal, maybe, 'using auto'",
  })
  void create_malformedOptionUnderTheTracker_reportsItAndUsesTheDefault(
      String key, String value, String consequence) throws IOException {
    List<String> reported = new ArrayList<>();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SinkContext context =
        SinkContext.builder("console")
            .option(key, value)
            .option("ascii", "ascii".equals(key) ? value : "true")
            .option("width", "width".equals(key) ? value : "80")
            .err(new PrintStream(err, true, StandardCharsets.UTF_8))
            .onBadOption((problem, use) -> reported.add(problem.getMessage() + "; " + use))
            .build();

    ProgressSink sink = new ConsoleSinkProvider().create(context);
    sink.onEvent(ConsoleFixture.started(1, "a", 10));
    sink.flush();
    sink.close();

    assertThat(reported)
        .singleElement()
        .asString()
        .startsWith("flowmeter.sink.console." + key + ": '" + value + "'")
        .endsWith(consequence);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("a");
  }

  @Test
  void create_streamStdout_writesToStandardOutputOnly() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProgressSink sink = sink(out, err, false, Map.of("stream", "stdout"));
    sink.onEvent(ConsoleFixture.started(1, "a", 10));
    sink.flush();
    sink.close();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("a: started");
    assertThat(err.size()).isZero();
  }

  @Test
  void create_defaultStream_isStandardError() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProgressSink sink = sink(out, err, false, Map.of());
    sink.onEvent(ConsoleFixture.started(1, "a", 10));
    sink.flush();
    sink.close();
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("a: started");
    assertThat(out.size()).isZero();
  }

  @Test
  void create_terminalOption_overridesTheDetectedTerminal() throws IOException {
    ByteArrayOutputStream forcedOff = new ByteArrayOutputStream();
    ProgressSink plain = sink(forcedOff, forcedOff, true, Map.of("terminal", "false"));
    plain.onEvent(progress(1, "a", 5, 10, 1000));
    plain.flush();
    plain.close();
    assertThat(forcedOff.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b");

    ByteArrayOutputStream forcedOn = new ByteArrayOutputStream();
    ProgressSink bars = sink(forcedOn, forcedOn, false, Map.of("terminal", "true"));
    bars.onEvent(progress(1, "a", 5, 10, 1000));
    bars.flush();
    bars.close();
    assertThat(forcedOn.toString(StandardCharsets.UTF_8)).contains("\u001b[K", "50%");
  }

  @Test
  void create_unwritableLog_throwsIOException() {
    SinkContext context =
        SinkContext.builder("console")
            .option("style", "detailed")
            .option("log", "/nonexistent-dir/sub/x.log")
            .build();
    assertThatThrownBy(() -> new ConsoleSinkProvider().create(context))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "false, UTF-8, , , true",
    "false, ANSI_X3.4-1968, , , false",
    "false, , , UTF-8, true",
    "false, , , ISO-8859-1, false",
    "false, ISO-8859-1, , UTF-8, false",
    "true, , UTF-8, ANSI_X3.4-1968, true",
    "true, UTF-8, , ANSI_X3.4-1968, false",
    "false, no-such-charset, , UTF-8, false",
  })
  void charsets_properties_decideWhetherTheStreamIsUtf8(
      boolean stderr,
      String stdoutEncoding,
      String stderrEncoding,
      String nativeEncoding,
      boolean utf8) {
    Map<String, String> properties = new HashMap<>();
    if (stdoutEncoding != null) {
      properties.put("stdout.encoding", stdoutEncoding);
    }
    if (stderrEncoding != null) {
      properties.put("sun.stderr.encoding", stderrEncoding);
    }
    if (nativeEncoding != null) {
      properties.put("native.encoding", nativeEncoding);
    }
    assertThat(ConsoleCharsets.isUtf8(stderr, properties::get)).isEqualTo(utf8);
  }

  private static ProgressSink sink(
      ByteArrayOutputStream out,
      ByteArrayOutputStream err,
      boolean terminal,
      Map<String, String> options)
      throws IOException {
    SinkContext.Builder context =
        SinkContext.builder("console")
            .out(new PrintStream(out, true, StandardCharsets.UTF_8))
            .err(new PrintStream(err, true, StandardCharsets.UTF_8))
            .terminal(terminal);
    options.forEach(context::option);
    return new ConsoleSinkProvider().create(context.build());
  }
}
