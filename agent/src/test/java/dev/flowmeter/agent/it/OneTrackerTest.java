// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with flowmeter-runtime on its own class path, run with the agent, has one tracker:
 * its {@code Flowmeter.transfers()} shows the agent's transfers too, and a stream it wrapped itself
 * is one transfer, not two.
 */
final class OneTrackerTest {
  @TempDir Path dir;

  @Test
  void appWithItsOwnRuntime_seesOneSetOfTransfers() throws Exception {
    Path wrapped = dir.resolve("wrapped.bin");
    Path raw = dir.resolve("raw.bin");
    Files.write(wrapped, new byte[2 * 1024 * 1024]);
    Files.write(raw, new byte[3 * 1024 * 1024]);
    Path runtime =
        Path.of(Flowmeter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String classPath = Forked.classPath(runtime);

    Forked without =
        Forked.run(
            dir,
            null,
            classPath,
            OneTrackerProgram.class.getName(),
            wrapped.toString(),
            raw.toString());
    Forked with =
        Forked.run(
            dir,
            "flowmeter.sinks=none",
            classPath,
            OneTrackerProgram.class.getName(),
            wrapped.toString(),
            raw.toString());

    assertThat(without.exit).isZero();
    assertThat(without.out.lines())
        .containsExactly("wrapped-by-app completed 2097152", "runtime from application");
    assertThat(with.exit).isZero();
    // the runtime the application asked for is the agent's, on the bootstrap class path, and the
    // stream it wrapped is not reported a second time under its file name
    assertThat(with.out.lines())
        .containsExactly(
            "wrapped-by-app completed 2097152",
            raw + " completed 3145728",
            "runtime from bootstrap");
  }
}
