// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.palantir.javapoet.ClassName;
import dev.flowmeter.tracked.internal.TrackedNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The generated type's name for a type with {@code @Tracked} methods, as {@link TrackedNames}
 * (shared with the agent) computes it: {@code Foo} gets {@code Foo_Tracked} in the same package,
 * and a nested {@code Outer.Inner} gets the top-level {@code Outer_Inner_Tracked}.
 */
final class GeneratedNames {
  private GeneratedNames() {}

  /** The generated type's name for {@code type}. */
  static ClassName trackedName(TypeElement type) {
    return ClassName.get(packageOf(type), TrackedNames.companion(typeNames(type)));
  }

  /** The simple names of {@code type} and the types it is nested in, outermost first. */
  static List<String> typeNames(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (Element e = type;
        e != null && (e.getKind().isClass() || e.getKind().isInterface());
        e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return names;
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (e != null && e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    return e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
  }
}
