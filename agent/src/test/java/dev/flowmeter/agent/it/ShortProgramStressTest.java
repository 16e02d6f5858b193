// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on programs that end while it is still installing (issue 9, item 3): whenever the JVM
 * ends, before, during or after the installation, the agent prints nothing.
 *
 * <p>Runs {@code flowmeter.it.stress.runs} programs (default 200), two at a time, whose ends are
 * spread evenly from 0 to 1 s after {@code main} starts; every third has a thread spinning on a
 * core meanwhile, every fourth ends by {@code System.exit} rather than by returning from {@code
 * main}. Each run's standard error must be empty and its exit status 0. On two cores shared with
 * other builds the default took 79 s (load average 5 to 8); 240 runs took 120 s at load 8 to 14.
 */
final class ShortProgramStressTest {
  private static final int RUNS = Integer.getInteger("flowmeter.it.stress.runs", 200);
  private static final int PARALLEL = Integer.getInteger("flowmeter.it.stress.parallel", 2);

  @TempDir Path dir;

  @Test
  void shortPrograms_anyEnd_printNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        long endMillis = i * 1000L / RUNS;
        String end = i % 4 == 3 ? "exit" : "return";
        String load = i % 3 == 2 ? "busy" : "idle";
        // every other run installs in the background, where the JVM may end under the installer
        String wait = i % 2 == 0 ? "true" : "false";
        runs.add(pool.submit(() -> run(endMillis, end, load, wait)));
      }
      List<String> problems = new ArrayList<>();
      for (Future<String> run : runs) {
        String problem = run.get();
        if (problem != null) {
          problems.add(problem);
        }
      }
      assertThat(problems).as("runs with output on stderr or a non-zero status").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one program; its problem, or null when it ended with status 0 and nothing on stderr. */
  private String run(long endMillis, String end, String load, String wait) throws Exception {
    Forked run =
        Forked.runWithDefaults(
            dir,
            "flowmeter.sinks=none;flowmeter.agent.wait=" + wait,
            Forked.classPath(),
            ShortProgram.class.getName(),
            String.valueOf(endMillis),
            end,
            load);
    if (run.exit == 0 && run.err.isEmpty()) {
      return null;
    }
    return endMillis
        + " ms, "
        + end
        + ", "
        + load
        + ", wait="
        + wait
        + ": status "
        + run.exit
        + ", stderr "
        + run.err;
  }
}
