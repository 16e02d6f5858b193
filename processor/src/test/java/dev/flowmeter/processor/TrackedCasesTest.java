// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flowmeter.tracked.cases.TrackedCase;
import dev.flowmeter.tracked.cases.TrackedCaseRunner;
import dev.flowmeter.tracked.cases.TrackedCases;
import dev.flowmeter.tracked.cases.TrackedMisuse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared table of {@code @Tracked} cases ({@link TrackedCases}) through the processor's door:
 * compiled with the processor, each case called through the generated companion. The agent's {@code
 * TrackedCasesTest} runs the same table under {@code -javaagent} against the same expectations.
 */
final class TrackedCasesTest {
  @TempDir static Path dir;
  private static Map<String, String> actual;
  private static List<String> misuseErrors;

  @BeforeAll
  static void runTable() throws Exception {
    Compilation compilation =
        CompilerFixture.compile(
            List.of(
                JavaFileObjects.forSourceString(
                    TrackedCases.PACKAGE + ".Cases", TrackedCases.source())));
    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    ClassLoader loader = CompilerFixture.classLoader(compilation);
    actual =
        TrackedCaseRunner.run(
            type -> {
              try {
                String companion = type.replace('.', '_') + "_Tracked";
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
    assertThat(misuseErrors).hasSameSizeAs(TrackedCases.misuses());
  }

  static List<TrackedCase> cases() {
    return TrackedCases.all();
  }

  static List<TrackedMisuse> misuses() {
    return TrackedCases.misuses();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void generatedCode_reportsTheDocumentedTransfers(TrackedCase c) {
    assertThat(actual.get(c.method())).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("misuses")
  void misuse_isOneCompileErrorWithTheSharedMessage(TrackedMisuse m) {
    assertThat(misuseErrors).filteredOn(m.message()::equals).hasSize(1);
  }
}
