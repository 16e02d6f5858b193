// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Tracked;
import dev.flowmeter.tracked.cases.AbstractTrackedCasesTest;
import dev.flowmeter.tracked.cases.TrackedCases;
import dev.flowmeter.tracked.cases.TrackedMisuse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared table of {@code @Tracked} cases through the agent's door: the cases and the misuses
 * compiled without the processor, all run in one forked JVM under the built agent, against the
 * expectations the processor's {@code TrackedCasesTest} meets with its generated code and its
 * compile errors.
 */
final class TrackedCasesTest extends AbstractTrackedCasesTest {
  /** How the agent introduces a misuse; the shared message follows. */
  private static final String SAID = "flowmeter: @Tracked in cases.Misuses.";

  private static final String COMPILED = ", a class compiled without flowmeter-processor: ";

  @TempDir static Path dir;
  private static Forked agent;
  private static final Map<String, String> transfers = new HashMap<>();

  @BeforeAll
  static void runTable() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/cases"));
    Files.writeString(src.resolve("Cases.java"), TrackedCases.source(), StandardCharsets.UTF_8);
    Files.writeString(
        src.resolve("Misuses.java"), TrackedCases.misuseSource(), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve("cases-classes"));
    Forked.javac(
        "-proc:none",
        "-g", // parameter names in the class file, as Maven and Gradle compile by default
        "-encoding",
        "UTF-8",
        "-d",
        classes.toString(),
        "-cp",
        Forked.codeSource(Tracked.class),
        src.resolve("Cases.java").toString(),
        src.resolve("Misuses.java").toString());
    agent =
        Forked.run(
            dir,
            "flowmeter.sinks=none",
            Forked.classPath(
                classes,
                Path.of(Forked.codeSource(TrackedCases.class)),
                Path.of(Forked.codeSource(Tracked.class))),
            TrackedCasesProgram.class.getName(),
            Files.createDirectories(dir.resolve("files")).toString());
    for (String line : agent.out.split("\\R")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        transfers.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
  }

  @Override
  protected Map<String, String> transfers() {
    return transfers;
  }

  @Override
  protected List<String> misuseMessages() {
    return flowmeterLines().stream()
        .map(l -> l.substring(l.indexOf(COMPILED) + COMPILED.length()))
        .collect(Collectors.toList());
  }

  private static List<String> flowmeterLines() {
    return agent.err.lines().filter(l -> l.startsWith("flowmeter")).collect(Collectors.toList());
  }

  @Test
  void program_ranEveryCase() {
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(transfers).hasSameSizeAs(TrackedCases.all());
  }

  @Test
  void misuse_lineNamesTheClassAndMethod() {
    for (TrackedMisuse m : TrackedCases.misuses()) {
      assertThat(flowmeterLines()).contains(SAID + m.method() + COMPILED + m.message());
    }
  }
}
