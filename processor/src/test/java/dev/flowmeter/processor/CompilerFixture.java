// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Compiles test inputs from {@code src/test/resources/} with the processor, under -Xlint:all (the
 * processing lint included: the processor claims its annotations).
 */
final class CompilerFixture {
  private CompilerFixture() {}

  /** Compiles the named resources (e.g. {@code "test/Uploader.java"}). */
  static Compilation compile(String... resources) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String r : resources) {
      sources.add(JavaFileObjects.forResource(r));
    }
    return compile(sources);
  }

  /** Compiles {@code sources}. */
  static Compilation compile(List<JavaFileObject> sources) {
    return javac()
        .withProcessors(new TrackedProcessor())
        .withOptions("-Xlint:all")
        .compile(sources);
  }

  /**
   * A loader of the classes {@code compilation} produced, falling back to the test's class path.
   */
  static ClassLoader classLoader(Compilation compilation) {
    return new CompiledClassLoader(compilation);
  }

  private static final class CompiledClassLoader extends ClassLoader {
    private final Compilation compilation;

    CompiledClassLoader(Compilation compilation) {
      super(CompilerFixture.class.getClassLoader());
      this.compilation = compilation;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String path = "/" + name.replace('.', '/') + ".class";
      for (JavaFileObject f : compilation.generatedFiles()) {
        if (f.getKind() == JavaFileObject.Kind.CLASS && f.toUri().getPath().endsWith(path)) {
          try (InputStream in = f.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
      }
      throw new ClassNotFoundException(name);
    }
  }
}
