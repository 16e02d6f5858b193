// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.CapturedDiagnostics;
import dev.flowmeter.internal.Config;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a forked JVM, the global tracker from system properties: no configuration makes {@code
 * Flowmeter.wrap}, {@code start} or {@code @Tracked} code throw or block, each mistake is one line
 * on standard error, and {@link Flowmeter#validate()} / {@link Flowmeter#configure()} throw for
 * those who want to stop at a mistake.
 */
final class FlowmeterConfigureTest {
  @TempDir Path dir;

  /** The forked program: does what {@code args[0]} says, printing what happened on stdout. */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      switch (args[0]) {
        case "validate":
          report(Flowmeter::validate);
          break;
        case "configure":
          report(Flowmeter::configure);
          break;
        case "configure-twice":
          report(Flowmeter::configure);
          report(Flowmeter::configure);
          break;
        case "configure-fix":
          // configure, set the properties args[1..] as a user fixing the mistake would, configure
          report(Flowmeter::configure);
          set(args);
          report(Flowmeter::configure);
          break;
        case "wrap-configure":
          // a transfer first (the tracker starts from the properties), then configure
          try (InputStream in = Flowmeter.wrap(new ByteArrayInputStream(new byte[2]), "early")) {
            System.out.println("early read " + in.readAllBytes().length);
          }
          set(args);
          report(Flowmeter::configure);
          break;
        default:
          break;
      }
      // the application's own I/O, from two threads, twice each: it must work every time
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < 2; i++) {
                    readThroughFlowmeter();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      Transfer manual = Flowmeter.start("manual", 5);
      manual.advance(5);
      manual.complete();
      TrackedCall call = TrackedCall.begin("upload", "tracked", 3);
      InputStream in = call.reading(new ByteArrayInputStream(new byte[3]));
      System.out.println("tracked read " + in.readAllBytes().length);
      call.returned();
      System.out.println("flushed " + Flowmeter.flush(10_000));
      System.out.println("stall " + Tracker.global().settings().stallTimeout);
    }

    /** Sets each {@code key=value} of {@code args[1..]} as a system property. */
    private static void set(String[] args) {
      for (String arg : Arrays.asList(args).subList(1, args.length)) {
        int equals = arg.indexOf('=');
        System.setProperty(arg.substring(0, equals), arg.substring(equals + 1));
      }
      System.out.println("stall " + Tracker.global().settings().stallTimeout);
    }

    private static void readThroughFlowmeter() {
      try (InputStream in = Flowmeter.wrap(new ByteArrayInputStream(new byte[10]), "x", 10)) {
        System.out.println("read " + in.readAllBytes().length);
      } catch (Throwable e) {
        System.out.println("wrap threw " + e);
      }
    }

    private static void report(Runnable step) {
      try {
        step.run();
        System.out.println("ok");
      } catch (ConfigException e) {
        System.out.println("ConfigException " + e.problems().size() + ": " + e.getMessage());
      }
    }
  }

  /** What the forked program printed on each stream, and its exit status. */
  private static final class Run {
    final List<String> out;
    final List<String> err;
    final int exit;

    Run(List<String> out, List<String> err, int exit) {
      this.out = out;
      this.err = err;
      this.exit = exit;
    }
  }

  private Run run(String mode, Map<String, String> environment, String... properties)
      throws Exception {
    return run(List.of(mode), environment, properties);
  }

  /** Runs the program with {@code args} (its mode, then what it sets) and {@code properties}. */
  private Run run(List<String> args, Map<String, String> environment, String... properties)
      throws Exception {
    String mode = args.get(0);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(Arrays.asList(properties));
    command.add(Program.class.getName());
    command.addAll(args);
    Path out = dir.resolve(mode + ".out");
    Path err = dir.resolve(mode + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("COLUMNS");
    builder.environment().keySet().removeIf(name -> name.startsWith("FLOWMETER_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    // a hang detector: every run here takes about a second
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the program ended").isTrue();
    return new Run(
        Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readAllLines(err, StandardCharsets.UTF_8),
        process.exitValue());
  }

  private static void assertApplicationUnaffected(Run run) {
    assertThat(run.exit).as(String.join("\n", run.err)).isZero();
    assertThat(run.out.stream().filter(l -> l.startsWith("read ")).collect(Collectors.toList()))
        .containsExactly("read 10", "read 10", "read 10", "read 10");
    assertThat(run.out)
        .contains("tracked read 3", "flushed true")
        .noneMatch(l -> l.contains("threw"));
  }

  /**
   * In this JVM, the path of the global tracker without the global: the tracker made from a
   * configuration naming an unknown sink wraps streams as usual, and says so in exactly one line.
   */
  @Test
  void unknownSink_inProcess_wrapReturnsAWorkingStream_oneLine() throws IOException {
    Tracker tracker =
        new Tracker(Tracker.Settings.defaults(), System::nanoTime, Clock.systemUTC(), false);
    try (CapturedDiagnostics said = CapturedDiagnostics.start()) {
      tracker.startSinks(Config.load(Map.of("flowmeter.sinks", "consol"), Map.of()));
      for (int i = 0; i < 3; i++) {
        try (InputStream in = tracker.builder().wrap(new ByteArrayInputStream(new byte[7]))) {
          assertThat(in.readAllBytes()).hasSize(7);
        }
      }
      assertThat(tracker.sinks()).isEmpty();
      assertThat(said.lines())
          .singleElement()
          .asString()
          .startsWith(
              "flowmeter: flowmeter.sinks: 'consol' names an unknown sink 'consol' (accepted:"
                  + " console,")
          .contains("csv", "json", "jsonl", "log");
    } finally {
      tracker.shutdown();
    }
  }

  /**
   * {@code -Dflowmeter.sinks=consol} made every {@code wrap} throw, in every thread, every time.
   */
  @Test
  void unknownSink_wrapWorks_oneLineNamingKeyValueAndAcceptedNames() throws Exception {
    Run run = run("wrap", Map.of(), "-Dflowmeter.sinks=consol");
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .singleElement()
        .asString()
        .startsWith(
            "flowmeter: flowmeter.sinks: 'consol' names an unknown sink 'consol' (accepted: ")
        .contains("console, csv, jfr, jmx, json, jsonl, log")
        .endsWith("; Flowmeter runs without it");
  }

  @Test
  void unknownSinkBesideAValidOne_theValidOneRuns() throws Exception {
    Path record = dir.resolve("record.txt");
    Run run = run("wrap", Map.of(), "-Dflowmeter.sinks=nosuch,test-record:" + record);
    assertApplicationUnaffected(run);
    assertThat(run.err).singleElement().asString().contains("unknown sink 'nosuch'");
    assertThat(Files.readAllLines(record)).contains("5 completed 5 -", "6 completed 3 -");
  }

  /**
   * A {@code csv:} sink naming a FIFO with no reader blocked {@code Flowmeter.wrap} for ever; each
   * sink now starts on its own thread, so only that sink waits (and the flush says it has not
   * everything).
   */
  @Test
  void csvSinkOnAFifo_blocksOnlyItself() throws Exception {
    Path fifo = dir.resolve("sink.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.assertj.core.api.Assumptions.assumeThat(mkfifo.waitFor(30, TimeUnit.SECONDS))
        .as("mkfifo is available")
        .isTrue();
    org.assertj.core.api.Assumptions.assumeThat(mkfifo.exitValue()).isZero();
    Path record = dir.resolve("record.txt");
    Run run =
        run(
            "wrap",
            Map.of(),
            "-Dflowmeter.sinks=csv:" + fifo + ",test-record:" + record,
            "-Dflowmeter.sink-stall-timeout=1s",
            "-Dflowmeter.interval=100ms",
            "-Dflowmeter.shutdown-timeout=200ms");
    assertThat(run.exit).as(String.join("\n", run.err)).isZero();
    assertThat(run.out.stream().filter(l -> l.startsWith("read ")).collect(Collectors.toList()))
        .containsExactly("read 10", "read 10", "read 10", "read 10");
    assertThat(run.out)
        .contains("tracked read 3", "flushed false")
        .noneMatch(l -> l.contains("threw"));
    assertThat(Files.readAllLines(record)).contains("5 completed 5 -", "6 completed 3 -");
    assertThat(run.err).singleElement().asString().contains("sink 'csv' made no progress");
  }

  @Test
  void configFileFifo_doesNotBlock_saidOnce() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.assertj.core.api.Assumptions.assumeThat(mkfifo.waitFor(30, TimeUnit.SECONDS))
        .as("mkfifo is available")
        .isTrue();
    org.assertj.core.api.Assumptions.assumeThat(mkfifo.exitValue()).isZero();
    Run run = run("wrap", Map.of(), "-Dflowmeter.sinks=none", "-Dflowmeter.config=" + fifo);
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .containsExactly(
            "flowmeter: flowmeter.config: '"
                + fifo
                + "' is not a regular file (accepted: a properties file); the file is ignored");
  }

  /**
   * A provider calling {@code Flowmeter.transfers()} in {@code create} overflowed the stack. Sinks
   * now start on their own threads: the provider sees the live tracker, and its own flush, which
   * cannot wait for itself, answers false at once instead of blocking.
   */
  @Test
  void providerCallingFlowmeterInCreate_neitherOverflowsNorBlocks() throws Exception {
    Path seen = dir.resolve("seen.txt");
    Run run = run("wrap", Map.of(), "-Dflowmeter.sinks=test-reentrant:" + seen);
    assertApplicationUnaffected(run);
    assertThat(run.err).isEmpty();
    assertThat(Files.readAllLines(seen))
        .singleElement()
        .asString()
        .matches("transfers \\d+ flushed false");
  }

  /** {@code COLUMNS=2000000000} ran the console out of memory. */
  @Test
  void columnsOutOfRange_takenAsUnset_saidOnce() throws Exception {
    Run run =
        run(
            "wrap",
            Map.of("COLUMNS", "2000000000"),
            "-Dflowmeter.sinks=console",
            "-Dflowmeter.sink.console.terminal=true");
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .filteredOn(l -> l.startsWith("flowmeter:"))
        .containsExactly(
            "flowmeter: COLUMNS: '2000000000' is not a width from 1 to 10000 columns; using the terminal's own width");
    assertThat(String.join("\n", run.err)).doesNotContain("OutOfMemoryError");
  }

  @Test
  void misspelledKeys_oneWarningEach() throws Exception {
    Run run =
        run(
            "wrap",
            Map.of("FLOWMETER_SNKS", "none"),
            "-Dflowmeter.sinks=none",
            "-Dflowmeter.snks=none",
            "-Dflowmeter.sink.console.styel=minimal");
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .containsExactly(
            "flowmeter: unknown key flowmeter.sink.console.styel (did you mean"
                + " flowmeter.sink.console.style?)",
            "flowmeter: unknown key flowmeter.snks (did you mean flowmeter.sinks?)",
            "flowmeter: unknown environment variable FLOWMETER_SNKS (did you mean"
                + " FLOWMETER_SINKS?)");
  }

  @Test
  void validate_throwsListingEveryProblem_warnsOfUnknownKeys_startsNothing() throws Exception {
    Path missing = dir.resolve("missing.properties");
    Run run =
        run(
            "validate",
            Map.of(),
            "-Dflowmeter.sinks=consol,log",
            "-Dflowmeter.interval=0.000001",
            "-Dflowmeter.config=" + missing,
            "-Dflowmeter.snks=none");
    assertThat(run.out.get(0))
        .startsWith("ConfigException 3: 3 problems in the flowmeter configuration: ")
        .contains(
            "flowmeter.config: '" + missing + "' does not exist (accepted: a properties file)",
            "flowmeter.interval: '0.000001' is not a duration from 1ms to 1h",
            "flowmeter.sinks: 'consol,log' names an unknown sink 'consol' (accepted: ");
    // after validate threw, the application's I/O still runs, with what is valid
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .contains("flowmeter: unknown key flowmeter.snks (did you mean flowmeter.sinks?)")
        .filteredOn(l -> l.contains("unknown key"))
        .hasSize(1);
  }

  @Test
  void validate_validConfiguration_passes() throws Exception {
    Run run = run("validate", Map.of(), "-Dflowmeter.sinks=none", "-Dflowmeter.interval=250ms");
    assertThat(run.out.get(0)).isEqualTo("ok");
    assertApplicationUnaffected(run);
    assertThat(run.err).isEmpty();
  }

  @Test
  void configure_sinkThatCannotStart_throws_otherSinksRun() throws Exception {
    Path record = dir.resolve("record.txt");
    Path notADirectory = Files.createFile(dir.resolve("plain"));
    String csv = "csv:" + notADirectory.resolve("x.csv");
    Run run = run("configure", Map.of(), "-Dflowmeter.sinks=" + csv + ",test-record:" + record);
    assertThat(run.out.get(0))
        .startsWith("ConfigException 1: flowmeter.sinks: '" + csv + "' cannot be opened");
    assertApplicationUnaffected(run);
    assertThat(Files.readAllLines(record)).contains("1 completed 10 -");
  }

  @Test
  void configure_validConfiguration_startsTheSinksNow() throws Exception {
    Path record = dir.resolve("record.txt");
    Run run = run("configure", Map.of(), "-Dflowmeter.sinks=test-record:" + record);
    assertThat(run.out.get(0)).isEqualTo("ok");
    assertApplicationUnaffected(run);
    assertThat(run.err).isEmpty();
  }

  @Test
  void configure_unknownSink_throwsBeforeStartingAnything() throws Exception {
    Run run = run("configure", Map.of(), "-Dflowmeter.sinks=consol");
    assertThat(run.out.get(0))
        .startsWith("ConfigException 1: flowmeter.sinks: 'consol' names an unknown sink");
    assertApplicationUnaffected(run);
    // thrown by configure, then said once more when the first transfer made the tracker
    assertThat(run.err).singleElement().asString().contains("unknown sink 'consol'");
  }

  /**
   * Hostile-user finding: {@code configure()} failed fast only the first time. Called again with
   * the same sink that cannot start, it answered "ok".
   */
  @Test
  void configure_twice_sinkThatCannotStart_throwsBothTimes() throws Exception {
    Path record = dir.resolve("record.txt");
    String csv = "csv:" + Files.createFile(dir.resolve("plain")).resolve("x.csv");
    Run run =
        run("configure-twice", Map.of(), "-Dflowmeter.sinks=" + csv + ",test-record:" + record);
    assertThat(run.out.subList(0, 2))
        .allMatch(l -> l.startsWith("ConfigException 1: flowmeter.sinks: '" + csv + "' cannot"));
    assertApplicationUnaffected(run);
    // the sink that could start was started once: each event recorded once
    assertThat(Files.readAllLines(record)).doesNotHaveDuplicates().contains("1 completed 10 -");
  }

  /**
   * Hostile-user finding: after {@code configure()} threw and the user fixed the property, the
   * second call answered "ok" without starting the corrected sink.
   */
  @Test
  void configure_afterAFailure_theFixedConfigurationIsApplied() throws Exception {
    Path csv = dir.resolve("fixed.csv");
    String bad = "csv:" + Files.createFile(dir.resolve("plain")).resolve("x.csv");
    Run run =
        run(
            List.of("configure-fix", "flowmeter.sinks=csv:" + csv),
            Map.of(),
            "-Dflowmeter.sinks=" + bad);
    assertThat(run.out.get(0)).startsWith("ConfigException 1: flowmeter.sinks: '" + bad + "'");
    assertThat(run.out.get(2)).isEqualTo("ok");
    assertApplicationUnaffected(run);
    assertThat(Files.readAllLines(csv))
        .filteredOn(l -> l.contains(",completed,"))
        .hasSize(6); // four wrapped streams, one manual transfer, one @Tracked call
  }

  @Test
  void configure_afterAFailedValidation_appliesNothing_thenTheFixedOne() throws Exception {
    Path record = dir.resolve("record.txt");
    Run run =
        run(
            List.of("configure-fix", "flowmeter.sinks=test-record:" + record),
            Map.of(),
            "-Dflowmeter.sinks=consol");
    assertThat(run.out.get(0)).startsWith("ConfigException 1: flowmeter.sinks: 'consol' names");
    assertThat(run.out.get(2)).isEqualTo("ok");
    assertApplicationUnaffected(run);
    assertThat(Files.readAllLines(record)).contains("1 completed 10 -", "6 completed 3 -");
    assertThat(run.err).isEmpty();
  }

  /**
   * After the first transfer started the tracker, {@code configure()} used to validate only: a sink
   * that could not start went unsaid, and changed sinks and settings were not applied.
   */
  @Test
  void configure_afterTheFirstTransfer_appliesTheConfiguration() throws Exception {
    Path record = dir.resolve("record.txt");
    Run run =
        run(
            List.of(
                "wrap-configure",
                "flowmeter.sinks=test-record:" + record,
                "flowmeter.sink-stall-timeout=7s"),
            Map.of(),
            "-Dflowmeter.sinks=none",
            "-Dflowmeter.sink-stall-timeout=5s");
    assertThat(run.out).startsWith("early read 2", "stall PT5S", "ok");
    assertApplicationUnaffected(run);
    assertThat(Files.readAllLines(record)).contains("2 completed 10 -", "7 completed 3 -");
    assertThat(run.out).endsWith("stall PT7S");
  }

  @Test
  void configure_afterTheFirstTransfer_sinkThatCannotStart_throws() throws Exception {
    String bad = "csv:" + Files.createFile(dir.resolve("plain")).resolve("x.csv");
    Run run = run(List.of("wrap-configure"), Map.of(), "-Dflowmeter.sinks=" + bad);
    assertThat(run.out.get(2)).startsWith("ConfigException 1: flowmeter.sinks: '" + bad + "'");
    assertApplicationUnaffected(run);
  }

  /** Hostile-user finding: {@code ,,,} was one problem per empty entry. */
  @Test
  void validate_onlyCommas_oneProblem_firstTransferSaysTheSame() throws Exception {
    Run run = run("validate", Map.of(), "-Dflowmeter.sinks=,,,");
    assertThat(run.out.get(0))
        .isEqualTo(
            "ConfigException 1: flowmeter.sinks: ',,,' has 4 empty entries (accepted:"
                + " [name=]kind[:argument], comma-separated, with nothing between two commas or"
                + " after the last; none for no sink)");
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .singleElement()
        .asString()
        .startsWith("flowmeter: flowmeter.sinks: ',,,' has 4 empty entries")
        .endsWith("; they are skipped");
  }

  /** Hostile-user finding: {@code none} beside another sink; one problem, the other sink runs. */
  @Test
  void noneBesideAnotherSink_oneProblemEverywhere_theOtherRuns() throws Exception {
    Path record = dir.resolve("record.txt");
    String sinks = "none,test-record:" + record;
    Run run = run("validate", Map.of(), "-Dflowmeter.sinks=" + sinks);
    assertThat(run.out.get(0))
        .isEqualTo(
            "ConfigException 1: flowmeter.sinks: '"
                + sinks
                + "' has 'none' beside other sinks (accepted: none alone, with no name or"
                + " argument, for no sink; or a list of sinks without it)");
    assertApplicationUnaffected(run);
    assertThat(run.err)
        .singleElement()
        .asString()
        .endsWith("or a list of sinks without it); 'none' is skipped");
    assertThat(Files.readAllLines(record)).contains("1 completed 10 -");
  }
}
