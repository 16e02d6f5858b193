// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link FileCopyBenchmark} without and with the built agent and prints the throughput ratio.
 *
 * <p>JMH sets a fork's JVM options per benchmark, not per parameter, so this runs the benchmark in
 * rounds: each round one fork without the agent, then one with {@code
 * -javaagent:flowmeter-agent.jar} (the copy the build puts next to {@code benchmarks.jar}), with a
 * CSV sink writing every transfer to a temporary file, as a user's run would. Alternating keeps
 * whatever else the machine does from favouring one side. The other options are JMH's own command
 * line options; {@code -f N} is the number of rounds (default 2).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.AgentThroughput -f 3
 * </pre>
 */
public final class AgentThroughput {
  private AgentThroughput() {}

  /** Runs the rounds and prints the table; JMH's command line options as arguments. */
  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    int rounds = cli.getForkCount().orElse(2);
    Path agent = agentJar();
    Path csv = Files.createTempFile("flowmeter-throughput", ".csv");
    String javaagent = "-javaagent:" + agent + "=flowmeter.sinks=csv:" + csv;
    Map<String, ListStatistics> without = new LinkedHashMap<>();
    Map<String, ListStatistics> with = new LinkedHashMap<>();
    try {
      for (int round = 0; round < rounds; round++) {
        collect(new Runner(options(cli, null)).run(), without);
        collect(new Runner(options(cli, javaagent)).run(), with);
      }
      // evidence that the agent counted: one final row per copy it saw
      long completed = 0;
      for (String line : Files.readAllLines(csv)) {
        completed += line.contains(",completed,") ? 1 : 0; // the status column, not the last
      }
      System.out.println("agent CSV sink: " + completed + " completed transfers");
    } finally {
      Files.deleteIfExists(csv);
    }
    print(System.out, without, with);
  }

  private static Options options(CommandLineOptions cli, String javaagent) {
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli).include(FileCopyBenchmark.class.getName()).forks(1);
    if (javaagent != null) {
      builder.jvmArgsAppend(javaagent);
    }
    return builder.build();
  }

  /** Adds every measured iteration's score to the statistics of its parameters. */
  static void collect(Collection<RunResult> results, Map<String, ListStatistics> into) {
    for (RunResult run : results) {
      String key =
          run.getParams().getParam("method") + " " + run.getParams().getParam("sizeMiB") + " MiB";
      ListStatistics stats = into.computeIfAbsent(key, k -> new ListStatistics());
      for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          stats.addValue(iteration.getPrimaryResult().getScore());
        }
      }
    }
  }

  /** Prints one table row per copy method: both means with their 99.9 % error, and the ratio. */
  static void print(
      PrintStream out, Map<String, ListStatistics> without, Map<String, ListStatistics> with) {
    out.println();
    out.println("| copy | without agent (ops/s) | with agent (ops/s) | ratio | iterations |");
    out.println("|---|---:|---:|---:|---:|");
    List<String> keys = new ArrayList<>(without.keySet());
    for (String key : keys) {
      ListStatistics a = without.get(key);
      ListStatistics b = with.get(key);
      if (b == null) {
        continue;
      }
      out.println(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ± %.3f | %.3f ± %.3f | %.3f | %d + %d |",
              key,
              a.getMean(),
              a.getMeanErrorAt(0.999),
              b.getMean(),
              b.getMeanErrorAt(0.999),
              b.getMean() / a.getMean(),
              a.getN(),
              b.getN()));
    }
  }

  /**
   * The agent jar the build copies next to this class's jar (or its classes folder): {@code
   * benchmarks/target/flowmeter-agent.jar}.
   */
  static Path agentJar() throws Exception {
    Path code =
        Path.of(AgentThroughput.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = code.getParent().resolve("flowmeter-agent.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no agent jar at " + jar + "; build it first: mvn -B install -DskipTests");
    }
    return jar.toAbsolutePath();
  }
}
