// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent adds nothing to what a program prints, with the JVM's default options (class data
 * sharing on): no JDK warning (Unsafe, class data sharing), no line of its own.
 */
final class OutputTest {
  @TempDir Path dir;

  @Test
  void defaultJvm_agentAddsNothingToStdoutOrStderr() throws Exception {
    Path small = dir.resolve("small.txt");
    Files.writeString(small, "small\n");
    Path source = dir.resolve("source.bin");
    byte[] bytes = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    Files.write(source, bytes);
    Path target = dir.resolve("target.bin");
    String[] args = {small.toString(), source.toString(), target.toString()};

    Forked plain =
        Forked.runWithDefaults(dir, null, Forked.classPath(), CopyProgram.class.getName(), args);
    Path csv = dir.resolve("events.csv");
    Forked agent =
        Forked.runWithDefaults(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            CopyProgram.class.getName(),
            args);

    assertThat(agent.exit).isEqualTo(plain.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("copied " + bytes.length);
    assertThat(agent.err).isEqualTo(plain.err).isEmpty();
    // and the agent did work: the copy is in its CSV
    assertThat(Files.readString(csv)).contains(source.toString(), "completed");
  }
}
