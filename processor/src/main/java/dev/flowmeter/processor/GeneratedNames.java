// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The one naming scheme of generated types: {@code Foo} gets {@code Foo_Tracked} in the same
 * package, and a nested {@code Outer.Inner} gets the top-level {@code Outer_Inner_Tracked}.
 *
 * <p>Deterministic (it depends on the type's name only) so that users can write the name before the
 * first build, and computed here only.
 */
final class GeneratedNames {
  static final String SUFFIX = "_Tracked";

  private GeneratedNames() {}

  /** The generated type's name for {@code type}. */
  static ClassName trackedName(TypeElement type) {
    return ClassName.get(packageOf(type), flatName(type, "_") + SUFFIX);
  }

  /** The type's name inside its package, nested names joined with {@code separator}. */
  static String flatName(TypeElement type, String separator) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    while (e != null && (e.getKind().isClass() || e.getKind().isInterface())) {
      name.insert(0, e.getSimpleName() + separator);
      e = e.getEnclosingElement();
    }
    return name.toString();
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (e != null && e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    return e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
  }
}
