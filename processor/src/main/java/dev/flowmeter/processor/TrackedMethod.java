// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import dev.flowmeter.tracked.internal.MethodShape;
import dev.flowmeter.tracked.internal.TrackedPlan;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * What the processor reads from one {@code @Tracked} method, and the {@link TrackedPlan} the shared
 * rules make of it (operation, name, total, counted streams, misuses). It decides nothing itself:
 * {@link TrackedValidator} reports the plan's problems, {@link WrapperGenerator} turns a valid plan
 * into code.
 */
final class TrackedMethod {
  final ExecutableElement element;
  final AnnotationMirror annotation;
  final List<VariableElement> parameters;
  final TrackedPlan plan;

  private TrackedMethod(ExecutableElement element, AnnotationMirror annotation) {
    this.element = element;
    this.annotation = annotation;
    this.parameters = List.copyOf(element.getParameters());
    MethodShape.Builder shape =
        MethodShape.builder(
                GeneratedNames.typeNames(enclosingType()), element.getSimpleName().toString())
            .tracked(
                stringValue(annotation, "operation"),
                stringValue(annotation, "name"),
                stringValue(annotation, "total"))
            .returns(typeName(element.getReturnType()));
    for (VariableElement p : parameters) {
      shape.parameter(
          p.getSimpleName().toString(),
          typeName(p.asType()),
          hasAnnotation(p, ClassNames.TOTAL_BYTES));
    }
    this.plan = TrackedPlan.of(shape.build());
  }

  /** Reads {@code method}, which carries {@code @Tracked} as {@code annotation}. */
  static TrackedMethod of(ExecutableElement method, AnnotationMirror annotation) {
    return new TrackedMethod(method, annotation);
  }

  TypeElement enclosingType() {
    return (TypeElement) element.getEnclosingElement();
  }

  boolean isStatic() {
    return element.getModifiers().contains(Modifier.STATIC);
  }

  /** Whether the method returns a stream or channel (then its parameters are not wrapped). */
  boolean returnsStream() {
    return plan.resultKind() != null;
  }

  /** The value of attribute {@code attribute} as written, or {@code null} when left default. */
  @Nullable AnnotationValue value(String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The name the shared rules match types by: a declared type's qualified name without type
   * arguments, a primitive's keyword, an array's component followed by {@code []}; a type variable
   * is its own name (never a stream type: the generated code cannot pass a wrapper for it).
   */
  static String typeName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return typeName(((ArrayType) type).getComponentType()) + "[]";
    }
    return type.toString();
  }

  private static String stringValue(AnnotationMirror annotation, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        Object v = e.getValue().getValue();
        return v instanceof String ? (String) v : "";
      }
    }
    return "";
  }

  static boolean hasAnnotation(Element element, String qualifiedName) {
    return annotationMirror(element, qualifiedName) != null;
  }

  static @Nullable AnnotationMirror annotationMirror(Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return m;
      }
    }
    return null;
  }
}
