// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Asks for {@code @Generated} and claims nothing, as a processor that reads generated code would:
 * records the types it was shown annotated with it.
 */
final class GeneratedWatcher extends AbstractProcessor {
  private final List<String> seen = new ArrayList<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ClassNames.GENERATED);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        seen.add(((TypeElement) e).getQualifiedName().toString());
      }
    }
    return false;
  }

  /** The types handed to this processor as annotated with {@code @Generated}, in order. */
  List<String> seen() {
    return seen;
  }
}
