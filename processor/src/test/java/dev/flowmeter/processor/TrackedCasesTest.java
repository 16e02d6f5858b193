// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flowmeter.tracked.cases.AbstractTrackedCasesTest;
import dev.flowmeter.tracked.cases.TrackedCaseRunner;
import dev.flowmeter.tracked.cases.TrackedCases;
import dev.flowmeter.tracked.internal.TrackedNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared table of {@code @Tracked} cases through the processor's door: compiled with the
 * processor, each case called through the generated companion, and each misuse refused with its
 * message as a compile error. The agent's {@code TrackedCasesTest} runs the same suite under {@code
 * -javaagent}.
 */
final class TrackedCasesTest extends AbstractTrackedCasesTest {
  @TempDir static Path dir;
  private static Map<String, String> transfers;
  private static List<String> misuseErrors;

  @BeforeAll
  static void runTable() throws Exception {
    Compilation cases =
        CompilerFixture.compile(
            List.of(
                JavaFileObjects.forSourceString(
                    TrackedCases.PACKAGE + ".Cases", TrackedCases.source())));
    assertThat(cases.status()).as("%s", cases.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    ClassLoader loader = CompilerFixture.classLoader(cases);
    transfers =
        TrackedCaseRunner.run(
            type -> {
              try {
                String companion = TrackedNames.companion(List.of(type.split("\\.")));
                return loader
                    .loadClass(TrackedCases.PACKAGE + "." + companion)
                    .getConstructor()
                    .newInstance();
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
              }
            },
            dir);

    Compilation misuses =
        CompilerFixture.compile(
            List.of(
                JavaFileObjects.forSourceString(
                    TrackedCases.PACKAGE + ".Misuses", TrackedCases.misuseSource())));
    assertThat(misuses.status()).isEqualTo(Compilation.Status.FAILURE);
    misuseErrors =
        misuses.errors().stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
  }

  @Override
  protected Map<String, String> transfers() {
    return transfers;
  }

  @Override
  protected List<String> misuseMessages() {
    return misuseErrors;
  }
}
