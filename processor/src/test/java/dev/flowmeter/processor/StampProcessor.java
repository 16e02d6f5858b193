// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Another code generator: writes {@code test.Stamp}, marked {@code @Generated}, on its first call,
 * and claims nothing, as most generators do.
 */
final class StampProcessor extends AbstractProcessor {
  private boolean done;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ClassNames.TRACKED);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!done) {
      done = true;
      try (Writer w = processingEnv.getFiler().createSourceFile("test.Stamp").openWriter()) {
        w.write(
            "package test;\n\n"
                + "@javax.annotation.processing.Generated(\"test.StampProcessor\")\n"
                + "public class Stamp {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
