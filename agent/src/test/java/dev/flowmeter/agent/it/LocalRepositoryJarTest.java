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
 * The agent jar under the name {@code mvn install} gives it in the local repository ({@code
 * flowmeter-agent-<version>.jar}) starts as the built {@code flowmeter-agent.jar} does: its
 * manifest's {@code Boot-Class-Path} names both files, so the JVM keeps class data sharing on and
 * prints no warning (issue 8: the README sends users to that file).
 */
final class LocalRepositoryJarTest {
  @TempDir Path dir;

  @Test
  void localRepositoryName_defaultJvm_agentAddsNothingToStdoutOrStderr() throws Exception {
    String version;
    try (JarFile jar = new JarFile(Forked.AGENT.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    Path repository = Files.createDirectories(dir.resolve("flowmeter-agent").resolve(version));
    Path installed = repository.resolve("flowmeter-agent-" + version + ".jar");
    Files.copy(Forked.AGENT, installed);
    Path small = dir.resolve("small.txt");
    Files.writeString(small, "small\n");
    Path source = dir.resolve("source.bin");
    byte[] bytes = new byte[3 * 1024 * 1024];
    new Random(11).nextBytes(bytes);
    Files.write(source, bytes);
    String[] args = {small.toString(), source.toString(), dir.resolve("target.bin").toString()};

    Forked plain =
        Forked.runWithDefaults(dir, null, Forked.classPath(), CopyProgram.class.getName(), args);
    Path csv = dir.resolve("events.csv");
    Forked agent =
        Forked.runWith(
            dir,
            List.of("-javaagent:" + installed + "=flowmeter.sinks=csv:" + csv),
            null,
            Forked.classPath(),
            CopyProgram.class.getName(),
            args);

    assertThat(agent.exit).isEqualTo(plain.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("copied " + bytes.length);
    assertThat(agent.err).isEqualTo(plain.err).isEmpty();
    assertThat(Files.readString(csv)).contains(source.toString(), "completed");
  }
}
