// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shape of {@code @Tracked} use compiles without a warning, and its generated source equals
 * the golden file under {@code goldens/TrackedProcessorCompilationTest/<method>/}.
 *
 * <p>After an intended change to the generated code, run with {@code -Dgoldens.update=true} to
 * rewrite the goldens, then review the diff.
 */
final class TrackedProcessorCompilationTest {
  private String method = "";

  @BeforeEach
  void name(TestInfo info) {
    method = info.getTestMethod().orElseThrow().getName();
  }

  @Test
  void subclass_mirrorsAccessibleConstructorsAndWrapsStreamParameter() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Uploader.java"), "test.Uploader_Tracked");
  }

  @Test
  void interface_decoratorWrapsDelegateAndDelegatesTheRest() throws IOException {
    assertGenerated(CompilerFixture.compile("test/BlobStore.java"), "test.BlobStore_Tracked");
  }

  @Test
  void staticMethod_helperWithSameSignature() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Archives.java"), "test.Archives_Tracked");
  }

  @Test
  void returnedStream_wrapsResultInsteadOfParameters() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Downloads.java"), "test.Downloads_Tracked");
  }

  @Test
  void copy_countsReadAndWritesToChild() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Copier.java"), "test.Copier_Tracked");
  }

  @Test
  void generics_keepsTypeVariablesAndBounds() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Codec.java"), "test.Codec_Tracked");
  }

  @Test
  void varargs_staysVarargsInPackagePrivateClass() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Mailer.java"), "test.Mailer_Tracked");
  }

  @Test
  void checkedExceptions_keptIncludingTypeVariableInAbstractClass() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Fetcher.java"), "test.Fetcher_Tracked");
  }

  @Test
  void overloads_eachOverridden() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Writers.java"), "test.Writers_Tracked");
  }

  @Test
  void staticNestedClass_flatName() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Outer.java"), "test.Outer_Inner_Tracked");
  }

  @Test
  void defaultMethod_trackedAndOthersDelegated() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Channels.java"), "test.Channels_Tracked");
  }

  @Test
  void parameterAnnotations_copied() throws IOException {
    // no processor claims the user's own @Label: javac's processing lint would name it (in the
    // user's class and in the copy), as it does for any annotation without a processor
    Compilation compilation =
        javac()
            .withProcessors(new TrackedProcessor())
            .withOptions("-Xlint:all", "-Xlint:-processing")
            .compile(
                JavaFileObjects.forResource("test/Annotated.java"),
                JavaFileObjects.forResource("test/Label.java"));

    assertGenerated(compilation, "test.Annotated_Tracked");
  }

  @Test
  void nestedCalls_eachOverridden() throws IOException {
    assertGenerated(CompilerFixture.compile("test/Pipeline.java"), "test.Pipeline_Tracked");
  }

  @Test
  void unresolvedType_deferredUntilAnotherProcessorGeneratesIt() throws IOException {
    // while it waits for Receipt the processor claims nothing, so that javac goes on to call the
    // processor after it (which generates Receipt): that round's @Tracked is then unclaimed
    Compilation compilation =
        javac()
            .withProcessors(new TrackedProcessor(), new ReceiptProcessor())
            .withOptions("-Xlint:all", "-Xlint:-processing")
            .compile(JavaFileObjects.forResource("test/Deferred.java"));

    assertGenerated(compilation, "test.Deferred_Tracked");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test/Uploader.java", // a subclass
        "test/BlobStore.java", // a decorator, @TotalBytes
        "test/Archives.java", // static helpers: no annotation but @Tracked, then @Generated
        "test/Downloads.java" // a returned stream, @TotalBytes
      })
  void lintAllWerror_userBuildCompilesWithoutAWarning(String resource) {
    Compilation compilation =
        javac()
            .withProcessors(new TrackedProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(JavaFileObjects.forResource(resource));

    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.diagnostics())
        .filteredOn(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .isEmpty();
    assertThat(compilation.generatedSourceFiles()).hasSize(1);
  }

  @Test
  void generatedAnnotation_processorAheadThatClaimsNothing_seesItWithoutAWarning() {
    GeneratedWatcher watcher = new GeneratedWatcher();
    Compilation compilation =
        javac()
            .withProcessors(watcher, new TrackedProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(JavaFileObjects.forResource("test/Uploader.java"));

    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertThat(watcher.seen()).containsExactly("test.Uploader_Tracked");
  }

  @Test
  void generatedAnnotation_ofAnotherGenerator_isNotClaimedFromProcessorsAfter() {
    GeneratedWatcher watcher = new GeneratedWatcher();
    Compilation compilation =
        javac()
            .withProcessors(new StampProcessor(), new TrackedProcessor(), watcher)
            .withOptions("-Xlint:all")
            .compile(JavaFileObjects.forResource("test/Uploader.java"));

    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    // the round that holds test.Stamp is not ours alone: its @Generated is left to the others
    assertThat(watcher.seen()).containsExactlyInAnyOrder("test.Stamp", "test.Uploader_Tracked");
    // javac's lint names the annotation that neither StampProcessor nor the watcher claims
    assertThat(compilation.diagnostics())
        .filteredOn(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .singleElement()
        .satisfies(d -> assertThat(d.getMessage(null)).contains(ClassNames.GENERATED))
        .satisfies(d -> assertThat(d.getMessage(null)).doesNotContain("dev.flowmeter"));
  }

  @Test
  void nestedCalls_innerTransferIsChildAndBytesCountOncePerTransfer() throws Exception {
    Compilation compilation = CompilerFixture.compile("test/Pipeline.java");
    ClassLoader loader = CompilerFixture.classLoader(compilation);
    Object pipeline = loader.loadClass("test.Pipeline_Tracked").getConstructor().newInstance();

    Object moved =
        pipeline
            .getClass()
            .getMethod("uploadAll", InputStream.class, InputStream.class)
            .invoke(
                pipeline,
                new ByteArrayInputStream(new byte[10]),
                new ByteArrayInputStream(new byte[20]));

    assertThat(moved).isEqualTo(30L);
    List<ProgressEvent> events = Flowmeter.transfers();
    ProgressEvent batch =
        events.stream().filter(e -> e.name().equals("batch")).findFirst().orElseThrow();
    assertThat(batch.bytes()).isEqualTo(30);
    assertThat(batch.status()).isEqualTo(Status.COMPLETED);
    assertThat(events)
        .filteredOn(e -> e.name().equals("part"))
        .allSatisfy(e -> assertThat(e.parentId()).isEqualTo(batch.transferId()))
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(Status.COMPLETED))
        .extracting(ProgressEvent::bytes)
        .containsExactly(10L, 20L);
  }

  private void assertGenerated(Compilation compilation, String typeName) throws IOException {
    assertThat(compilation.status())
        .as("%s", compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.diagnostics())
        .filteredOn(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .as("warnings under -Xlint:all")
        .isEmpty();
    JavaFileObject file = compilation.generatedSourceFile(typeName).orElseThrow();
    String actual = file.getCharContent(false).toString();
    String golden =
        "goldens/TrackedProcessorCompilationTest/"
            + method
            + "/"
            + typeName.replace('.', '/')
            + ".java";
    if (Boolean.getBoolean("goldens.update")) {
      Path target = Paths.get("src/test/resources", golden);
      Files.createDirectories(target.getParent());
      Files.writeString(target, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(read(golden));
  }

  static String read(String resource) throws IOException {
    try (InputStream in =
        TrackedProcessorCompilationTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("golden %s", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
