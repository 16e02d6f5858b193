// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test inputs from {@code src/test/resources/} with the processor, under -Xlint:all. */
final class CompilerFixture {
  private CompilerFixture() {}

  /** Compiles the named resources (e.g. {@code "test/Uploader.java"}). */
  static Compilation compile(String... resources) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String r : resources) {
      sources.add(JavaFileObjects.forResource(r));
    }
    return javac()
        .withProcessors(new TrackedProcessor())
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(sources);
  }
}
