// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.jar.JarFile;
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
    assertAgentAddsNothing(Forked.AGENT);
  }

  /**
   * The jar under the name {@code mvn install} gives it in the local repository ({@code
   * flowmeter-agent-<version>.jar}, where the README sends users) starts as the built one does: its
   * manifest's {@code Boot-Class-Path} names both files, so no class-sharing warning (issue 8).
   */
  @Test
  void localRepositoryName_defaultJvm_agentAddsNothingToStdoutOrStderr() throws Exception {
    String version;
    try (JarFile jar = new JarFile(Forked.AGENT.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    Path folder = Files.createDirectories(dir.resolve("flowmeter-agent").resolve(version));
    Path installed = folder.resolve("flowmeter-agent-" + version + ".jar");
    Files.copy(Forked.AGENT, installed);

    assertAgentAddsNothing(installed);
  }

  private void assertAgentAddsNothing(Path agentJar) throws Exception {
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
        Forked.runWith(
            dir,
            List.of("-javaagent:" + agentJar + "=flowmeter.sinks=csv:" + csv),
            null,
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
