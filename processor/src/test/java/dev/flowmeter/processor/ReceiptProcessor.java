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

/** Generates {@code test.Receipt} in the first round, as another processor would. */
final class ReceiptProcessor extends AbstractProcessor {
  private boolean done;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!done) {
      done = true;
      try (Writer w = processingEnv.getFiler().createSourceFile("test.Receipt").openWriter()) {
        w.write("package test;\n\npublic class Receipt {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
