// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * What the processor reads from one {@code @Tracked} method: its attributes as written, its stream
 * parameters and result, and the parameter that holds the total. It decides nothing: {@link
 * TrackedValidator} checks it, {@link WrapperGenerator} turns a valid one into code.
 */
final class TrackedMethod {
  final ExecutableElement element;
  final AnnotationMirror annotation;
  final String operation;
  final String name;
  final String total;
  final List<VariableElement> parameters;
  final List<@Nullable StreamKind> parameterKinds;
  final @Nullable StreamKind resultKind;
  final List<VariableElement> totalBytesParameters = new ArrayList<>();

  private TrackedMethod(ExecutableElement element, AnnotationMirror annotation) {
    this.element = element;
    this.annotation = annotation;
    this.operation = stringValue(annotation, "operation");
    this.name = stringValue(annotation, "name");
    this.total = stringValue(annotation, "total");
    this.parameters = List.copyOf(element.getParameters());
    List<@Nullable StreamKind> kinds = new ArrayList<>();
    for (VariableElement p : parameters) {
      kinds.add(StreamKind.of(p.asType()));
      if (hasAnnotation(p, ClassNames.TOTAL_BYTES)) {
        totalBytesParameters.add(p);
      }
    }
    this.parameterKinds = kinds;
    this.resultKind = StreamKind.of(element.getReturnType());
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
    return resultKind != null;
  }

  boolean hasInput() {
    return parameterKinds.stream().anyMatch(k -> k != null && k.isInput());
  }

  boolean hasOutput() {
    return parameterKinds.stream().anyMatch(k -> k != null && !k.isInput());
  }

  /** Whether there is anything to count: a stream result or a stream parameter. */
  boolean hasStream() {
    return returnsStream() || hasInput() || hasOutput();
  }

  /** The operation word: as written, else inferred from the direction of the streams. */
  String resolvedOperation() {
    if (!operation.isBlank()) {
      return operation;
    }
    if (resultKind != null) {
      return resultKind.isInput() ? "read" : "write";
    }
    if (hasInput() && hasOutput()) {
      return "copy";
    }
    return hasInput() ? "read" : "write";
  }

  /** The parameter named by {@code total} or annotated {@code @TotalBytes}, if any. */
  @Nullable VariableElement totalParameter() {
    if (!total.isEmpty()) {
      return parameter(total);
    }
    return totalBytesParameters.isEmpty() ? null : totalBytesParameters.get(0);
  }

  @Nullable VariableElement parameter(String parameterName) {
    for (VariableElement p : parameters) {
      if (p.getSimpleName().contentEquals(parameterName)) {
        return p;
      }
    }
    return null;
  }

  /** The first parameter whose declared type has one of {@code qualifiedNames}, if any. */
  @Nullable VariableElement firstParameterOfType(String... qualifiedNames) {
    for (VariableElement p : parameters) {
      String type = StreamKind.qualifiedName(p.asType());
      for (String q : qualifiedNames) {
        if (q.equals(type)) {
          return p;
        }
      }
    }
    return null;
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

  boolean isIntegral(VariableElement p) {
    TypeKind kind = p.asType().getKind();
    return kind == TypeKind.LONG || kind == TypeKind.INT;
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

  static boolean hasAnnotation(javax.lang.model.element.Element element, String qualifiedName) {
    return annotationMirror(element, qualifiedName) != null;
  }

  static @Nullable AnnotationMirror annotationMirror(
      javax.lang.model.element.Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return m;
      }
    }
    return null;
  }
}
