// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, in process and for a few milliseconds, to prove that each one sets up,
 * runs and tears down for every variant. It measures nothing and asserts no timing.
 */
final class BenchmarkSmokeTest {

  @Test
  void everyBenchmark_producesResultForEveryVariant() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(BenchmarkSmokeTest.class.getPackageName().replace(".", "\\.") + "\\..*")
            .exclude(FileCopyBenchmark.class.getSimpleName())
            .exclude(ConsoleFrameBenchmark.class.getSimpleName())
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    List<String> variants =
        Arrays.stream(Variant.values()).map(Variant::label).collect(Collectors.toList());
    assertThat(results).hasSize(variants.size() * 4); // read 8 KiB and 64 B, read(), write
    assertThat(results)
        .allSatisfy(
            result -> {
              assertThat(result.getPrimaryResult().getScore()).isPositive();
              assertThat(result.getPrimaryResult().getStatistics().getN()).isEqualTo(1);
            });
    for (String benchmark : List.of("read", "readByte", "write")) {
      List<String> ran =
          results.stream()
              .filter(result -> result.getParams().getBenchmark().endsWith("." + benchmark))
              .map(result -> result.getParams().getParam("variant"))
              .collect(Collectors.toList());
      assertThat(ran).as(benchmark).containsAll(variants);
    }
  }

  @Test
  void fileCopy_copiesSmallFileWithEachMethod() throws RunnerException {
    // the real run copies 256 MiB; the smoke run stays quick
    Collection<RunResult> results = runOnce(FileCopyBenchmark.class, "sizeMiB", "1");

    assertThat(results)
        .extracting(result -> result.getParams().getParam("method"))
        .containsExactlyInAnyOrder("streams", "filesCopy");
    assertThat(results)
        .allSatisfy(result -> assertThat(result.getPrimaryResult().getScore()).isPositive());
  }

  @Test
  void consoleFrame_drawsAFramePerTick() throws RunnerException {
    // the real run has 10,000 transfers; the smoke run stays quick
    Collection<RunResult> results = runOnce(ConsoleFrameBenchmark.class, "transfers", "200");

    assertThat(results)
        .singleElement()
        .satisfies(result -> assertThat(result.getPrimaryResult().getScore()).isPositive());
  }

  /** Runs {@code benchmark} once, in process, for a few milliseconds, with one parameter set. */
  private static Collection<RunResult> runOnce(Class<?> benchmark, String param, String value)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(benchmark.getName())
            .param(param, value)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    return new Runner(options).run();
  }
}
