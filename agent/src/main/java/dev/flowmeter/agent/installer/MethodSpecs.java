// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.tracked.internal.MethodShape;
import dev.flowmeter.tracked.internal.Problem;
import dev.flowmeter.tracked.internal.TrackedPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Describes an application method read from its class file as the shared {@code @Tracked} rules
 * take it (a {@link MethodShape}), and gets their {@link TrackedPlan}: the same plan the processor
 * generates code from, so both doors report the same operation, name, total and streams. A method
 * named in {@code flowmeter.methods.include} is described with no annotation (every attribute left
 * to its default).
 *
 * <p>Parameter names come from the class file ({@code -parameters} or the local variable table). A
 * misuse that the processor would refuse to compile (a placeholder or total naming no parameter,
 * for instance) is printed once, with the processor's message, and the method is tracked without
 * the faulty part (see {@link TrackedPlan}). Stateless.
 */
final class MethodSpecs {
  static final String TRACKED = "dev.flowmeter.Tracked";
  static final String TOTAL_BYTES = "dev.flowmeter.TotalBytes";

  private MethodSpecs() {}

  /**
   * The plan for {@code method}; {@code tracked} is its {@code @Tracked} annotation, or null for a
   * method named in {@code flowmeter.methods.include}. Prints each problem of the plan once.
   */
  static TrackedPlan plan(MethodDescription method, AnnotationDescription tracked) {
    TypeDescription type = method.getDeclaringType().asErasure();
    MethodShape.Builder shape =
        MethodShape.builder(typeNames(type), method.getName())
            .returns(typeName(method.getReturnType()));
    if (tracked != null) {
      shape.tracked(
          string(tracked, "operation"), string(tracked, "name"), string(tracked, "total"));
    }
    for (ParameterDescription p : method.getParameters()) {
      boolean totalBytes = false;
      for (AnnotationDescription a : p.getDeclaredAnnotations()) {
        totalBytes |= a.getAnnotationType().getName().equals(TOTAL_BYTES);
      }
      shape.parameter(p.isNamed() ? p.getName() : null, typeName(p.getType()), totalBytes);
    }
    TrackedPlan plan = TrackedPlan.of(shape.build());
    for (Problem problem : plan.problems()) {
      String where = type.getName() + "." + method.getName();
      Diagnostics.once(
          "agent.tracked " + where + method.getDescriptor() + " " + problem.message(),
          "@Tracked in "
              + where
              + ", a class compiled without flowmeter-processor: "
              + problem.message());
    }
    return plan;
  }

  /**
   * The simple names of {@code type} and the types it is nested in, outermost first. A local or
   * anonymous class (which the processor cannot track) is named from its binary name.
   */
  static List<String> typeNames(TypeDescription type) {
    if (type.isAnonymousType() || type.isLocalType()) {
      String name = type.getName();
      return Arrays.asList(name.substring(name.lastIndexOf('.') + 1).split("\\$"));
    }
    List<String> names = new ArrayList<>();
    for (TypeDescription t = type; t != null; t = t.getDeclaringType()) {
      names.add(0, t.getSimpleName());
    }
    return names;
  }

  /**
   * The name the shared rules match types by, as the processor gives it: a declared type's erasure
   * ({@code java.io.InputStream}), a primitive's keyword, an array's component followed by {@code
   * []}; a type variable is its own name, never a stream type, since code compiled for {@code <S
   * extends InputStream>} cannot be handed a wrapper in its place. A nested type keeps its binary
   * name ({@code a.B$C}), which names no type the rules look for.
   */
  static String typeName(TypeDescription.Generic type) {
    TypeDefinition.Sort sort = type.getSort();
    if (sort == TypeDefinition.Sort.VARIABLE || sort == TypeDefinition.Sort.VARIABLE_SYMBOLIC) {
      return type.getSymbol();
    }
    if (sort == TypeDefinition.Sort.GENERIC_ARRAY) {
      return typeName(type.getComponentType()) + "[]";
    }
    return type.asErasure().getActualName();
  }

  private static String string(AnnotationDescription a, String property) {
    try {
      Object v = a.getValue(property).resolve();
      return v instanceof String ? (String) v : "";
    } catch (RuntimeException e) {
      return ""; // a default the class file does not repeat, when the annotation cannot be read
    }
  }
}
