// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class TrackedPlanTest {
  private static MethodShape.Builder method(String name) {
    return MethodShape.builder(List.of("Store"), name);
  }

  @Test
  void operation_writtenWinsUnlessBlank() {
    MethodShape.Builder m = method("m").parameter("in", "java.io.InputStream", false);
    assertThat(TrackedPlan.of(m.tracked("upload", "", "").build()).operation()).isEqualTo("upload");
    assertThat(TrackedPlan.of(m.tracked("  ", "", "").build()).operation()).isEqualTo("read");
  }

  @Test
  void operation_inferredFromTheStreams() {
    assertThat(operation(method("m").parameter("out", "java.io.OutputStream", false)))
        .isEqualTo("write");
    assertThat(
            operation(
                method("m")
                    .parameter("in", "java.nio.channels.ReadableByteChannel", false)
                    .parameter("out", "java.nio.channels.WritableByteChannel", false)))
        .isEqualTo("copy");
    assertThat(
            operation(
                method("m")
                    .parameter("out", "java.io.OutputStream", false)
                    .returns("java.io.InputStream")))
        .isEqualTo("read");
    assertThat(operation(method("m").returns("java.nio.channels.WritableByteChannel")))
        .isEqualTo("write");
    // a subtype is not counted, so it does not make an operation
    assertThat(operation(method("m").parameter("in", "java.io.FileInputStream", false)))
        .isEqualTo("transfer");
  }

  private static String operation(MethodShape.Builder m) {
    return TrackedPlan.of(m.build()).operation();
  }

  @Test
  void wrapping_outputOfCopyGoesToChildAndCountedResultLeavesParameters() {
    TrackedPlan copy =
        TrackedPlan.of(
            method("copy")
                .parameter("in", "java.io.InputStream", false)
                .parameter("n", "int", false)
                .parameter("out", "java.io.OutputStream", false)
                .build());
    assertThat(List.of(copy.wrapping(0), copy.wrapping(1), copy.wrapping(2)))
        .containsExactly(Wrapping.READING, Wrapping.NONE, Wrapping.WRITING_AS_CHILD);
    assertThat(copy.parameterKind(2)).isEqualTo(StreamKind.OUTPUT_STREAM);
    assertThat(copy.resultKind()).isNull();

    TrackedPlan result =
        TrackedPlan.of(
            method("open")
                .parameter("out", "java.io.OutputStream", false)
                .returns("java.io.InputStream")
                .build());
    assertThat(result.wrapping(0)).isEqualTo(Wrapping.NONE);
    assertThat(result.resultKind()).isEqualTo(StreamKind.INPUT_STREAM);

    TrackedPlan write =
        TrackedPlan.of(method("put").parameter("out", "java.io.OutputStream", false).build());
    assertThat(write.wrapping(0)).isEqualTo(Wrapping.WRITING);
  }

  @Test
  void defaultName_labelAndFirstLocation() {
    TrackedPlan plan =
        TrackedPlan.of(
            MethodShape.builder(List.of("Outer", "Inner"), "send")
                .parameter("in", "java.io.InputStream", false)
                .parameter("uri", "java.net.URI", false)
                .parameter("file", "java.nio.file.Path", false)
                .build());
    assertThat(NameTemplateTest.name(plan.name(), null, "http://h/x", "/tmp/f"))
        .isEqualTo("Outer.Inner.send http://h/x");
    assertThat(
            NameTemplateTest.name(
                TrackedPlan.of(method("m").parameter("in", "java.io.InputStream", false).build())
                    .name(),
                (Object) null))
        .isEqualTo("Store.m");
  }

  @Test
  void total_namedThenTotalBytesThenFileThenRemaining() {
    MethodShape.Builder all =
        method("m")
            .parameter("source", "java.io.FileInputStream", false)
            .parameter("file", "java.io.File", false)
            .parameter("size", "long", true)
            .parameter("length", "int", false);
    assertTotal(all.tracked("", "", "length").build(), Total.Kind.ARGUMENT, 3);
    assertTotal(
        method("m")
            .parameter("source", "java.io.FileInputStream", false)
            .parameter("file", "java.io.File", false)
            .parameter("size", "long", true)
            .build(),
        Total.Kind.ARGUMENT,
        2);
    assertTotal(
        method("m")
            .parameter("source", "java.io.FileInputStream", false)
            .parameter("file", "java.io.File", false)
            .build(),
        Total.Kind.FILE,
        1);
    assertTotal(
        method("m")
            .parameter("in", "java.io.InputStream", false)
            .parameter("channel", "java.nio.channels.FileChannel", false)
            .build(),
        Total.Kind.FILE,
        1);
    assertTotal(
        method("m").parameter("in", "java.io.InputStream", false).build(), Total.Kind.UNKNOWN, -1);
  }

  private static void assertTotal(MethodShape m, Total.Kind kind, int parameter) {
    Total total = TrackedPlan.of(m).total();
    assertThat(total.kind()).isEqualTo(kind);
    assertThat(total.parameter()).isEqualTo(parameter);
  }

  @Test
  void problems_eachMisuseWithWhereItBelongs() {
    MethodShape m =
        method("upload")
            .tracked("", "up {fil}", "length")
            .parameter("file", "java.nio.file.Path", false)
            .parameter("size", "double", true)
            .parameter("count", "long", true)
            .build();
    TrackedPlan plan = TrackedPlan.of(m);
    assertThat(plan.problems())
        .extracting(p -> p.where() + "@" + p.parameter() + " " + p.message())
        .containsExactly(
            "METHOD@-1 @Tracked method 'upload' has no parameter declared as InputStream,"
                + " OutputStream, ReadableByteChannel or WritableByteChannel and returns none of"
                + " them: there is nothing to count. Pass the stream in or return it, or remove"
                + " @Tracked.",
            "TOTAL_BYTES@1 @TotalBytes parameter 'size' is a double, not an integral type. The"
                + " total must be a long or int parameter.",
            "METHOD@-1 @Tracked method 'upload' has @TotalBytes on more than one parameter (size,"
                + " count). Keep one.",
            "TOTAL@-1 @Tracked method 'upload' names its total twice, with total = \"length\" and"
                + " with @TotalBytes. Keep one.",
            "TOTAL@-1 @Tracked(total = \"length\") names no parameter of 'upload' (parameters:"
                + " file, size, count). Name its long or int parameter that holds the size.",
            "NAME@-1 @Tracked(name = \"up {fil}\") names unknown parameter 'fil' (parameters: file,"
                + " size, count). Write a parameter's name in braces, e.g. {file}, or double the"
                + " braces, {{fil}}, to show them as text.");
    // what the agent does with it: the faulty total is unknown, the placeholder stays as written
    assertThat(plan.total().kind()).isEqualTo(Total.Kind.UNKNOWN);
    assertThat(NameTemplateTest.name(plan.name(), null, null, null)).isEqualTo("up {fil}");
  }

  @Test
  void problems_totalNotIntegralAndFirstTotalBytesWins() {
    TrackedPlan plan =
        TrackedPlan.of(
            method("m")
                .tracked("", "", "size")
                .parameter("in", "java.io.InputStream", false)
                .parameter("size", "java.lang.Long", false)
                .build());
    assertThat(plan.problems())
        .extracting(Problem::message)
        .containsExactly(
            "@Tracked(total = \"size\"): parameter 'size' is a java.lang.Long, not an integral"
                + " type. The total must be a long or int parameter.");
    assertThat(plan.total().kind()).isEqualTo(Total.Kind.UNKNOWN);

    TrackedPlan twice =
        TrackedPlan.of(
            method("m")
                .tracked("", "", "")
                .parameter("in", "java.io.InputStream", false)
                .parameter("a", "long", true)
                .parameter("b", "int", true)
                .build());
    assertThat(twice.total().parameter()).isEqualTo(1);
  }

  @Test
  void problems_namesNotInClassFile() {
    TrackedPlan plan =
        TrackedPlan.of(
            method("m")
                .tracked("", "", "size")
                .parameter(null, "java.io.InputStream", false)
                .parameter(null, "long", false)
                .build());
    assertThat(plan.problems())
        .extracting(Problem::message)
        .singleElement()
        .asString()
        .contains("names no parameter of 'm'", "does not record parameter names");
  }

  @Test
  void problems_noneForMethodTrackedByName() {
    TrackedPlan plan = TrackedPlan.of(method("m").parameter("n", "int", false).build());
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.operation()).isEqualTo("transfer");
  }
}
