// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every misuse of {@code @Tracked} is a compile error (or a warning, where the code still works)
 * with a message saying what to do, on the file and line at fault; nothing is generated for a type
 * with an error.
 */
final class TrackedProcessorErrorsTest {

  @Test
  void privateMethod_isError() {
    assertError("PrivateMethod", 7, "'upload' is private", "Make it package-private");
  }

  @Test
  void finalMethod_isError() {
    assertError("FinalMethod", 7, "'upload' is final", "Remove 'final' from the method");
  }

  @Test
  void abstractMethodOfClass_isError() {
    assertError("AbstractMethod", 7, "'upload' is abstract", "the method that implements it");
  }

  @Test
  void methodOfFinalClass_isError() {
    assertError("FinalClass", 7, "is in final class FinalClass", "Remove 'final' from the class");
  }

  @Test
  void noStreamParameterOrResult_isError() {
    assertError("NoStream", 7, "there is nothing to count", "Pass the stream in or return it");
  }

  @Test
  void totalNamingUnknownParameter_isError() {
    assertError(
        "TotalUnknown", 7, "total = \"length\") names no parameter", "(parameters: in, size)");
  }

  @Test
  void totalNamingNonIntegralParameter_isError() {
    assertError(
        "TotalNotIntegral", 7, "parameter 'size' is a java.lang.String", "long or int parameter");
  }

  @Test
  void totalBytesOnNonIntegralParameter_isError() {
    assertError("TotalBytesNotIntegral", 9, "@TotalBytes parameter 'size' is a double", "long");
  }

  @Test
  void totalNamedTwice_isError() {
    assertError("TotalTwice", 8, "names its total twice", "Keep one");
  }

  @Test
  void templateNamingUnknownParameter_isError() {
    assertError("TemplateUnknown", 8, "names unknown parameter 'fil'", "(parameters: file, in)");
  }

  @Test
  void methodOfInnerClass_isError() {
    assertError("InnerClass", 8, "inner class Inner, which is not static", "Make the class static");
  }

  @Test
  void methodOfPrivateClass_isError() {
    assertError("PrivateClass", 8, "private class Hidden", "package-private or wider");
  }

  @Test
  void classWithoutAccessibleConstructor_isError() {
    assertError("NoConstructor", 6, "has no constructor", "Add a constructor that is not private");
  }

  @Test
  void methodOfEnum_isError() {
    assertError("EnumMethod", 9, "is in enum EnumMethod", "Move it to a class or an interface");
  }

  @Test
  void streamSubtypeParameter_isWarningAndStillGenerates() {
    Compilation compilation = CompilerFixture.compile("errors/SubtypeParameter.java");

    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    assertDiagnostic(
        compilation.warnings(),
        "SubtypeParameter",
        9,
        "parameter 'in' is a java.io.FileInputStream",
        "its bytes are not counted");
    assertThat(compilation.generatedSourceFile("errors.SubtypeParameter_Tracked")).isPresent();
  }

  @Test
  void totalBytesWithoutTracked_isWarning() {
    Compilation compilation = CompilerFixture.compile("errors/StrayTotalBytes.java");

    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    assertDiagnostic(
        compilation.warnings(), "StrayTotalBytes", 7, "@TotalBytes has no effect", "not @Tracked");
  }

  @Test
  void unresolvedType_isReportedAfterTheLastRound() {
    Compilation compilation = CompilerFixture.compile("errors/Unresolved.java");

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertDiagnostic(
        compilation.errors(),
        "Unresolved",
        6,
        "Unresolved_Tracked was not generated",
        "could not be resolved");
  }

  @Test
  void unexpectedException_isFatalErrorWithStackTraceNotCrash() {
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(FailingFiler.around(new TrackedProcessor()))
            .compile(com.google.testing.compile.JavaFileObjects.forResource("test/Downloads.java"));

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(compilation.errors())
        .anySatisfy(
            d -> {
              String message = d.getMessage(Locale.ROOT);
              assertThat(message).startsWith("FATAL ERROR");
              assertThat(message).contains(FailingFiler.MESSAGE).contains("\tat ");
            });
  }

  private static void assertError(String type, long line, String... fragments) {
    Compilation compilation = CompilerFixture.compile("errors/" + type + ".java");

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertDiagnostic(compilation.errors(), type, line, fragments);
  }

  private static void assertDiagnostic(
      List<Diagnostic<? extends JavaFileObject>> diagnostics,
      String type,
      long line,
      String... fragments) {
    assertThat(diagnostics)
        .as("%s", diagnostics)
        .anySatisfy(
            d -> {
              assertThat(d.getMessage(Locale.ROOT)).contains(fragments);
              assertThat(d.getSource()).isNotNull();
              assertThat(d.getSource().getName()).endsWith("errors/" + type + ".java");
              assertThat(d.getLineNumber()).isEqualTo(line);
            });
  }
}
