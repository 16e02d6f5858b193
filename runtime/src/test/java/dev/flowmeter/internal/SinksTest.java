// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Transfer;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import dev.flowmeter.sinks.CsvSinkProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sinks} creates every sink it can: an unknown sink, a provider that throws, a malformed
 * interval is reported and skipped, the other sinks run; named instances of one kind run side by
 * side with options of their own.
 */
final class SinksTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir Path dir;

  private final List<ConfigException> problems = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Tracker tracker =
      new Tracker(Tracker.Settings.defaults(), nanos::get, clock, false);
  private final PrintStream quiet =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private List<String> install(Map<String, String> properties) {
    Config config = Config.load(properties, Map.of(), Config.Problems.into(problems));
    List<String> names = new ArrayList<>();
    for (SinkDispatcher dispatcher :
        Sinks.create(config, Tracker.Settings.defaults(), quiet, quiet, false, clock)) {
      tracker.addSink(dispatcher);
      names.add(dispatcher.name());
    }
    return names;
  }

  private List<String> messages() {
    return problems.stream().map(Throwable::getMessage).collect(Collectors.toList());
  }

  private void runOneTransfer() {
    Transfer transfer = tracker.builder().name("a.bin").totalBytes(10).start();
    transfer.advance(10);
    transfer.complete();
    assertThat(tracker.flush(10_000)).isTrue();
  }

  private static List<String> statuses(Path jsonl) throws IOException {
    return Files.readAllLines(jsonl).stream()
        .map(l -> l.replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"))
        .collect(Collectors.toList());
  }

  /** {@code flowmeter.sinks=consol} made every {@code wrap} throw; now the other sinks run. */
  @Test
  void unknownSink_reported_otherSinksStart() throws IOException {
    Path jsonl = dir.resolve("events.jsonl");
    String sinks = "consol,jsonl:" + jsonl;

    assertThat(install(Map.of("flowmeter.sinks", sinks))).containsExactly("jsonl");
    runOneTransfer();

    assertThat(statuses(jsonl)).containsExactly("starting", "completed");
    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("flowmeter.sinks: '" + sinks + "' names an unknown sink 'consol' (accepted: ")
        .contains("console, csv, jfr, jmx, json, jsonl, log")
        .endsWith(", or a sink of your own registered for java.util.ServiceLoader)");
  }

  @Test
  void providerThatThrows_reported_otherSinksStart() {
    assertThat(install(Map.of("flowmeter.sinks", "test-broken:x,log"))).containsExactly("log");
    assertThat(messages())
        .containsExactly(
            "flowmeter.sinks: 'test-broken:x' failed to start (java.lang.IllegalStateException:"
                + " bug in create)");
    assertThat(problems.get(0)).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void sinkInterval_outOfRange_reported_sinkStartsWithItsDefault() {
    assertThat(
            install(
                Map.of(
                    "flowmeter.sinks", "log",
                    "flowmeter.sink.log.interval", "0.5ms")))
        .containsExactly("log");
    assertThat(messages())
        .containsExactly("flowmeter.sink.log.interval: '0.5ms' is not a duration from 1ms to 1h");
  }

  @Test
  void twoNamedJsonlInstances_eachWritesItsOwnFile() throws IOException {
    Path alerts = dir.resolve("a.jsonl");
    Path audit = dir.resolve("b.jsonl");

    assertThat(
            install(
                Map.of(
                    "flowmeter.sinks", "console,alerts=jsonl:" + alerts + ",audit=jsonl:" + audit,
                    "flowmeter.sink.alerts.interval", "1h",
                    "flowmeter.sink.jsonl.interval", "10ms")))
        .containsExactly("console", "alerts", "audit");
    runOneTransfer();

    assertThat(statuses(alerts)).containsExactly("starting", "completed");
    assertThat(statuses(audit)).containsExactly("starting", "completed");
    assertThat(problems).isEmpty();
  }

  /**
   * Two {@code json} status files: {@code live} shows running transfers only ({@code keep=0}, set
   * for the kind), {@code history} keeps finished ones an hour (its own option wins).
   */
  @Test
  void namedInstances_readTheirOwnOptionFirst_thenTheirKinds() throws IOException {
    Path live = dir.resolve("live.json");
    Path history = dir.resolve("history.json");

    install(
        Map.of(
            "flowmeter.sinks", "live=json:" + live + ",history=json:" + history,
            "flowmeter.sink.json.keep", "0",
            "flowmeter.sink.history.keep", "1h"));
    runOneTransfer();

    assertThat(Files.readString(history)).contains("\"name\":\"a.bin\"", "\"completed\"");
    assertThat(Files.readString(live)).doesNotContain("a.bin");
    assertThat(problems).isEmpty();
  }

  @Test
  void namedInstance_malformedOption_namesTheKeyItCameFrom() {
    install(
        Map.of(
            "flowmeter.sinks",
            "live=json:" + dir.resolve("s.json"),
            "flowmeter.sink.json.keep",
            "soon"));
    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("flowmeter.sink.json.keep: 'soon' is not a duration");
  }

  @Test
  void noSinks_noProviderLoaded_nothingReported() {
    assertThat(install(Map.of("flowmeter.sinks", "none"))).isEmpty();
    assertThat(
            Sinks.providersFor(Config.load(Map.of("flowmeter.sinks", "none"), Map.of()), List.of()))
        .isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void builtInProviders_declareTheirOptions() {
    assertThat(Sinks.providers().get("console").options())
        .containsExactlyInAnyOrder(
            "interval", "style", "ascii", "width", "stream", "terminal", "log", "capture");
    assertThat(Sinks.providers().get("csv").options()).containsExactly("interval");
    assertThat(Sinks.providers().get("jsonl").options()).containsExactly("interval");
    assertThat(Sinks.providers().get("json").options())
        .containsExactlyInAnyOrder("interval", "keep");
    assertThat(Sinks.providers().get("log").options())
        .containsExactlyInAnyOrder("interval", "level");
    assertThat(Sinks.providers().get("test-record").options()).isEmpty();
  }

  /** Hostile-user finding: a provider whose create returned null was skipped without a word. */
  @Test
  void providerMakingNoSink_isNamedInOneProblem() {
    Config config =
        Config.load(Map.of("flowmeter.sinks", "nothing"), Map.of(), Config.Problems.into(problems));
    dev.flowmeter.sink.SinkProvider empty =
        new dev.flowmeter.sink.SinkProvider() {
          @Override
          public String name() {
            return "nothing";
          }

          @Override
          public dev.flowmeter.sink.ProgressSink create(dev.flowmeter.sink.SinkContext context) {
            return null;
          }
        };
    List<SinkDispatcher> made =
        Sinks.create(
            config,
            config.sinks(),
            Map.of("nothing", empty),
            Tracker.Settings.defaults(),
            quiet,
            quiet,
            false,
            clock,
            dev.flowmeter.sink.LiveTransfers.none());
    assertThat(made).isEmpty();
    assertThat(messages())
        .singleElement()
        .asString()
        .contains("'nothing'")
        .contains("made no sink");
  }

  /** A user's provider whose sinks do nothing; subclasses give the name. */
  private abstract static class QuietProvider implements SinkProvider {
    @Override
    public ProgressSink create(SinkContext context) {
      return event -> {};
    }
  }

  /** A user's provider of {@code name}, as found on the class path. */
  private static SinkProvider named(String name) {
    return new QuietProvider() {
      @Override
      public String name() {
        return name;
      }
    };
  }

  /** Two users' providers with one name; their class names sort {@code TwinA} first. */
  public static final class TwinA extends QuietProvider {
    @Override
    public String name() {
      return "twin";
    }
  }

  /** See {@link TwinA}. */
  public static final class TwinB extends QuietProvider {
    @Override
    public String name() {
      return "twin";
    }
  }

  /**
   * Hostile-user finding: a user's provider named {@code csv} shadowed the built-in one, or was
   * shadowed by it, without a word, depending on class-path order. The built-in one is used, and
   * that is said once naming both classes.
   */
  @Test
  void userProviderNamedLikeABuiltInOne_onTheClassPath_builtInUsed_saidOnce() throws IOException {
    Path services = dir.resolve("dev.flowmeter.sink.SinkProvider");
    Files.writeString(services, ShadowCsvSinkProvider.class.getName() + "\n");
    ClassLoader shadowFirst =
        new ClassLoader(SinksTest.class.getClassLoader()) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = new ArrayList<>();
            if (name.equals("META-INF/services/" + SinkProvider.class.getName())) {
              urls.add(services.toUri().toURL()); // before Flowmeter's own
            }
            urls.addAll(Collections.list(super.getResources(name)));
            return Collections.enumeration(urls);
          }
        };
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(shadowFirst);
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      for (int i = 0; i < 2; i++) {
        assertThat(Sinks.providers().get("csv")).isInstanceOf(CsvSinkProvider.class);
      }
      assertThat(said.lines())
          .containsExactly(
              "flowmeter: sink providers dev.flowmeter.internal.ShadowCsvSinkProvider and"
                  + " dev.flowmeter.sinks.CsvSinkProvider are both named 'csv';"
                  + " dev.flowmeter.sinks.CsvSinkProvider, Flowmeter's own, is used (give the other"
                  + " a name of its own)");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Whatever order the class path gives: the built-in one, else the first by class name. */
  @Test
  void providersOfOneName_choiceDoesNotDependOnOrder() {
    SinkProvider builtIn = new CsvSinkProvider();
    SinkProvider shadow = new ShadowCsvSinkProvider();
    SinkProvider a = new TwinA();
    SinkProvider b = new TwinB();
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      assertThat(Sinks.resolve(List.of(shadow, builtIn, b, a)))
          .containsEntry("csv", builtIn)
          .containsEntry("twin", a);
      assertThat(Sinks.resolve(List.of(a, builtIn, shadow, b)))
          .containsEntry("csv", builtIn)
          .containsEntry("twin", a);
      assertThat(said.lines())
          .hasSize(2)
          .contains(
              "flowmeter: sink providers dev.flowmeter.internal.SinksTest$TwinA and"
                  + " dev.flowmeter.internal.SinksTest$TwinB are both named 'twin';"
                  + " dev.flowmeter.internal.SinksTest$TwinA, the first by class name, is used"
                  + " (give the other a name of its own)");
    }
  }

  /** One class seen through two class loaders is one provider, not a conflict. */
  @Test
  void sameProviderClassTwice_oneProvider_nothingSaid() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      SinkProvider first = new TwinA();
      assertThat(Sinks.resolve(List.of(first, new TwinA()))).containsExactly(entry("twin", first));
      assertThat(said.lines()).isEmpty();
    }
  }

  @Test
  void providerNameThatCannotBeWritten_skipped_saidOnce() {
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      SinkProvider upper = named("Upper");
      Map<String, SinkProvider> found =
          Sinks.resolve(List.of(named("none"), named("a:b"), named(" "), named(null), upper));
      assertThat(found).containsExactly(entry("upper", upper));
      assertThat(said.lines())
          .hasSize(4)
          .allMatch(l -> l.startsWith("flowmeter: the sink provider dev.flowmeter.internal."))
          .anyMatch(l -> l.contains(" its name 'none' cannot be written in flowmeter.sinks"))
          .anyMatch(l -> l.contains(" its name null cannot be written in flowmeter.sinks"));
    }
  }
}
