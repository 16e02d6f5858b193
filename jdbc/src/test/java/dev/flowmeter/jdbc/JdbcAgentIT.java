// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension jar under the agent: a program that knows nothing of Flowmeter, run with {@code
 * -javaagent:flowmeter-agent.jar=flowmeter.sinks=jdbc:...;flowmeter.extensions=<the jar>}, leaves
 * its copy in the SQLite file. Runs after {@code package}, which builds the jar.
 */
final class JdbcAgentIT {
  private static final Path AGENT = Path.of(System.getProperty("flowmeter.agent.jar"));
  private static final Path EXTENSION = Path.of(System.getProperty("flowmeter.jdbc.extension"));

  @TempDir Path dir;

  @Test
  void extensionJar_underTheAgent_writesTheCopy() throws Exception {
    Path source = Files.write(dir.resolve("source.bin"), new byte[3 << 20]);
    Path db = dir.resolve("transfers.db");
    Path target = dir.resolve("target.bin");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(
        "-javaagent:"
            + AGENT
            + "=flowmeter.sinks=jdbc:jdbc:sqlite:"
            + db
            + ";flowmeter.extensions="
            + EXTENSION);
    command.add("-cp");
    command.add(
        Path.of(CopyProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    command.add(CopyProgram.class.getName());
    command.add(source.toString());
    command.add(target.toString());
    Path out = dir.resolve("out.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed).as(printed).contains("copied 3145728");
    // nothing from Flowmeter; on JDK 24+ the JVM's own warning about the SQLite driver loading its
    // native library names the extension jar (--enable-native-access=ALL-UNNAMED silences it)
    assertThat(printed.lines().filter(line -> !line.startsWith("WARNING: ")))
        .as(printed)
        .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("flowmeter"));
    try (TransferHistory history = TransferHistory.open("jdbc:sqlite:" + db)) {
      assertThat(history.last(10))
          .extracting(
              TransferRecord::name,
              TransferRecord::operation,
              TransferRecord::status,
              TransferRecord::bytes)
          .containsExactlyInAnyOrder(
              tuple(source.toString(), "read", "completed", 3L << 20),
              tuple(target.toString(), "write", "completed", 3L << 20));
    }
  }
}
