// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the {@code @Tracked} methods of one type and returns a {@link ValidationReport}; it
 * generates nothing. Every message names what is wrong and what to do, and points at the method,
 * parameter or attribute at fault.
 */
final class TrackedValidator {
  private static final String STREAM_TYPES =
      "InputStream, OutputStream, ReadableByteChannel or WritableByteChannel";

  private final Types types;
  private final Elements elements;

  TrackedValidator(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** Checks {@code methods}, all declared in {@code type}. */
  ValidationReport validate(TypeElement type, List<TrackedMethod> methods) {
    ValidationReport report = new ValidationReport();
    String generated = GeneratedNames.trackedName(type).simpleName();
    boolean needsSubclass = false;
    for (TrackedMethod m : methods) {
      String typeProblem = typeProblem(type, m, generated);
      if (typeProblem != null) {
        report.error(typeProblem, m.element, m.annotation, null);
        continue;
      }
      checkModifiers(report, type, m, generated);
      checkStreams(report, m);
      checkTotal(report, m);
      checkName(report, m);
      needsSubclass |= type.getKind() == ElementKind.CLASS && !m.isStatic();
    }
    if (needsSubclass && report.isClean() && !hasAccessibleConstructor(type)) {
      report.error(
          "class "
              + type.getSimpleName()
              + " has no constructor that the generated "
              + generated
              + " can call (all are private). Add a constructor that is not private.",
          type,
          null,
          null);
    }
    return report;
  }

  private static String typeProblem(TypeElement type, TrackedMethod m, String generated) {
    String method = "@Tracked method '" + m.element.getSimpleName() + "'";
    ElementKind kind = type.getKind();
    if (kind != ElementKind.CLASS && kind != ElementKind.INTERFACE) {
      return method
          + " is in "
          + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + " "
          + type.getSimpleName()
          + ": only methods of classes and interfaces can be tracked. Move it to a class or an"
          + " interface.";
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return method
            + " is in a local or anonymous class: the generated code cannot name it. Move it to a"
            + " top-level or static nested class.";
      }
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return method
            + " is in private class "
            + t.getSimpleName()
            + ": the generated "
            + generated
            + " cannot see it. Make the class package-private or wider.";
      }
      if (t.getNestingKind() == NestingKind.MEMBER
          && t.getKind() == ElementKind.CLASS
          && !t.getModifiers().contains(Modifier.STATIC)) {
        return method
            + " is in inner class "
            + t.getSimpleName()
            + ", which is not static: the generated "
            + generated
            + " cannot be created without an outer instance. Make the class static.";
      }
    }
    return null;
  }

  private static void checkModifiers(
      ValidationReport report, TypeElement type, TrackedMethod m, String generated) {
    String method = "@Tracked method '" + m.element.getSimpleName() + "'";
    if (m.element.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(
          method
              + " is private: the generated "
              + generated
              + " can neither override nor call it. Make it package-private, protected or public.",
          m.element,
          m.annotation,
          null);
      return;
    }
    if (m.isStatic() || type.getKind() == ElementKind.INTERFACE) {
      return; // a static helper or a decorator: nothing is extended
    }
    if (type.getModifiers().contains(Modifier.FINAL)) {
      report.error(
          method
              + " is in final class "
              + type.getSimpleName()
              + ": the generated "
              + generated
              + " cannot extend it. Remove 'final' from the class, or put @Tracked on an"
              + " interface it implements and wrap instances with that interface's"
              + " generated <Interface>_Tracked.wrap(...).",
          m.element,
          m.annotation,
          null);
    } else if (m.element.getModifiers().contains(Modifier.FINAL)) {
      report.error(
          method
              + " is final: the generated "
              + generated
              + " cannot override it. Remove 'final' from the method.",
          m.element,
          m.annotation,
          null);
    } else if (m.element.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(
          method
              + " is abstract: the generated "
              + generated
              + " has no body to call. Put @Tracked on the method that implements it.",
          m.element,
          m.annotation,
          null);
    }
  }

  private void checkStreams(ValidationReport report, TrackedMethod m) {
    if (!m.hasStream()) {
      report.error(
          "@Tracked method '"
              + m.element.getSimpleName()
              + "' has no parameter declared as "
              + STREAM_TYPES
              + " and returns none of them: there is nothing to count. Pass the stream in or"
              + " return it, or remove @Tracked.",
          m.element,
          m.annotation,
          null);
      return;
    }
    if (m.returnsStream()) {
      return; // parameters are not wrapped: the result is
    }
    for (int i = 0; i < m.parameters.size(); i++) {
      VariableElement p = m.parameters.get(i);
      if (m.parameterKinds.get(i) == null && isStreamSubtype(p.asType())) {
        report.warning(
            "parameter '"
                + p.getSimpleName()
                + "' is a "
                + p.asType()
                + ", which the generated code cannot replace by a counting wrapper: its bytes are"
                + " not counted. Declare it as one of "
                + STREAM_TYPES
                + " to count it.",
            p,
            null);
      }
    }
  }

  private boolean isStreamSubtype(TypeMirror type) {
    for (StreamKind kind : StreamKind.values()) {
      TypeElement streamType = elements.getTypeElement(kind.qualifiedName());
      if (streamType != null
          && types.isAssignable(types.erasure(type), types.erasure(streamType.asType()))) {
        return true;
      }
    }
    return false;
  }

  private static void checkTotal(ValidationReport report, TrackedMethod m) {
    String method = "'" + m.element.getSimpleName() + "'";
    if (!m.total.isEmpty()) {
      AnnotationValue value = m.value("total");
      VariableElement p = m.parameter(m.total);
      if (p == null) {
        report.error(
            "@Tracked(total = \""
                + m.total
                + "\") names no parameter of "
                + method
                + " (parameters: "
                + names(m.parameters)
                + "). Name its long or int parameter that holds the size.",
            m.element,
            m.annotation,
            value);
      } else if (!m.isIntegral(p)) {
        report.error(
            "@Tracked(total = \""
                + m.total
                + "\"): parameter '"
                + m.total
                + "' is a "
                + p.asType()
                + ", not an integral type. The total must be a long or int parameter.",
            m.element,
            m.annotation,
            value);
      }
      if (!m.totalBytesParameters.isEmpty()) {
        report.error(
            "@Tracked method "
                + method
                + " names its total twice, with total = \""
                + m.total
                + "\" and with @TotalBytes. Keep one.",
            m.element,
            m.annotation,
            value);
      }
    }
    if (m.totalBytesParameters.size() > 1) {
      report.error(
          "@Tracked method "
              + method
              + " has @TotalBytes on more than one parameter ("
              + names(m.totalBytesParameters)
              + "). Keep one.",
          m.element,
          m.annotation,
          null);
    }
    for (VariableElement p : m.totalBytesParameters) {
      if (!m.isIntegral(p)) {
        report.error(
            "@TotalBytes parameter '"
                + p.getSimpleName()
                + "' is a "
                + p.asType()
                + ", not an integral type. The total must be a long or int parameter.",
            p,
            TrackedMethod.annotationMirror(p, ClassNames.TOTAL_BYTES),
            null);
      }
    }
  }

  private static void checkName(ValidationReport report, TrackedMethod m) {
    for (NameTemplate.Part part : NameTemplate.parse(m.name)) {
      if (part.parameter && m.parameter(part.text) == null) {
        report.error(
            "@Tracked(name = \""
                + m.name
                + "\") names unknown parameter '"
                + part.text
                + "' (parameters: "
                + names(m.parameters)
                + "). Write a parameter's name in braces, e.g. {"
                + (m.parameters.isEmpty() ? "file" : m.parameters.get(0).getSimpleName())
                + "}.",
            m.element,
            m.annotation,
            m.value("name"));
      }
    }
  }

  private static boolean hasAccessibleConstructor(TypeElement type) {
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!c.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<? extends VariableElement> parameters) {
    if (parameters.isEmpty()) {
      return "none";
    }
    return parameters.stream()
        .map(p -> p.getSimpleName().toString())
        .collect(Collectors.joining(", "));
  }
}
