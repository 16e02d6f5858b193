// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import dev.flowmeter.tracked.internal.Problem;
import dev.flowmeter.tracked.internal.StreamKind;
import java.util.List;
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
      reportProblems(report, m);
      warnAboutSubtypes(report, m);
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

  /**
   * Reports what the shared rules found wrong (the agent prints the same messages), each on the
   * method, the attribute or the parameter at fault.
   */
  private static void reportProblems(ValidationReport report, TrackedMethod m) {
    for (Problem problem : m.plan.problems()) {
      switch (problem.where()) {
        case NAME:
          report.error(problem.message(), m.element, m.annotation, m.value("name"));
          break;
        case TOTAL:
          report.error(problem.message(), m.element, m.annotation, m.value("total"));
          break;
        case TOTAL_BYTES:
          VariableElement p = m.parameters.get(problem.parameter());
          report.error(
              problem.message(),
              p,
              TrackedMethod.annotationMirror(p, ClassNames.TOTAL_BYTES),
              null);
          break;
        default:
          report.error(problem.message(), m.element, m.annotation, null);
      }
    }
  }

  private void warnAboutSubtypes(ValidationReport report, TrackedMethod m) {
    if (m.returnsStream()) {
      return; // parameters are not wrapped: the result is
    }
    for (int i = 0; i < m.parameters.size(); i++) {
      VariableElement p = m.parameters.get(i);
      if (m.plan.parameterKind(i) == null && isStreamSubtype(p.asType())) {
        report.warning(
            "parameter '"
                + p.getSimpleName()
                + "' is a "
                + p.asType()
                + ", which the generated code cannot replace by a counting wrapper: its bytes are"
                + " not counted. Declare it as one of "
                + StreamKind.NAMES
                + " to count it.",
            p,
            null);
      }
    }
  }

  private boolean isStreamSubtype(TypeMirror type) {
    for (StreamKind kind : StreamKind.values()) {
      TypeElement streamType = elements.getTypeElement(kind.typeName());
      if (streamType != null
          && types.isAssignable(types.erasure(type), types.erasure(streamType.asType()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAccessibleConstructor(TypeElement type) {
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!c.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }
}
