// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Tracked;
import dev.flowmeter.tracked.cases.TrackedCase;
import dev.flowmeter.tracked.cases.TrackedCases;
import dev.flowmeter.tracked.cases.TrackedMisuse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared table of {@code @Tracked} cases ({@link TrackedCases}) through the agent's door: the
 * cases compiled without the processor, all run in one forked JVM under the built agent, against
 * the expectations the processor's {@code TrackedCasesTest} meets with its generated code; and the
 * misuses, which the agent says once each with the processor's message.
 */
final class TrackedCasesTest {
  @TempDir static Path dir;
  private static Forked agent;
  private static final Map<String, String> actual = new HashMap<>();

  @BeforeAll
  static void runTable() throws Exception {
    Path src = dir.resolve("src/cases/Cases.java");
    Path misuses = dir.resolve("src/cases/Misuses.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, TrackedCases.source(), StandardCharsets.UTF_8);
    Files.writeString(misuses, TrackedCases.misuseSource(), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve("cases-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-proc:none",
            "-g", // parameter names in the class file, as Maven and Gradle compile by default
            "-encoding",
            "UTF-8",
            "-d",
            classes.toString(),
            "-cp",
            codeSource(Tracked.class),
            src.toString(),
            misuses.toString());
    assertThat(rc).isZero();
    Path files = Files.createDirectories(dir.resolve("files"));
    agent =
        Forked.run(
            dir,
            "flowmeter.sinks=none",
            Forked.classPath(
                classes,
                Path.of(codeSource(TrackedCases.class)),
                Path.of(codeSource(Tracked.class))),
            TrackedCasesProgram.class.getName(),
            files.toString());
    for (String line : agent.out.split("\\R")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        actual.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
  }

  @Test
  void program_ranEveryCaseWithoutAgentMessages() {
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(agent.err.lines().filter(l -> l.startsWith("flowmeter")))
        .as("the misuses' lines only")
        .hasSameSizeAs(TrackedCases.misuses());
    assertThat(actual).hasSameSizeAs(TrackedCases.all());
  }

  static List<TrackedCase> cases() {
    return TrackedCases.all();
  }

  static List<TrackedMisuse> misuses() {
    return TrackedCases.misuses();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void agent_reportsTheDocumentedTransfers(TrackedCase c) {
    assertThat(actual.get(c.method())).as(agent.err).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("misuses")
  void misuse_isSaidOnceWithTheSharedMessage(TrackedMisuse m) {
    String line =
        "flowmeter: @Tracked in cases.Misuses."
            + m.method()
            + ", a class compiled without flowmeter-processor: "
            + m.message();
    assertThat(agent.err.lines()).filteredOn(line::equals).hasSize(1);
  }

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
