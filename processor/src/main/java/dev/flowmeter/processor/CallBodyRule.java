// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.flowmeter.tracked.internal.NameTemplate;
import dev.flowmeter.tracked.internal.Total;
import dev.flowmeter.tracked.internal.Wrapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The body of a generated tracked method: begin a {@code TrackedCall}, call the original with its
 * stream parameters wrapped (or wrap its stream result), and end the call as the original returns
 * or throws, rethrowing the same exception.
 *
 * <p>The catch of {@code Throwable} rethrows precisely: the compiler knows it throws only what the
 * original declares, so the generated method keeps the original's {@code throws} clause.
 */
final class CallBodyRule {
  private CallBodyRule() {}

  /**
   * The body for {@code m}.
   *
   * @param target what the original is called on: {@code super}, {@code delegate} or the type
   * @param returnType the original's return type as seen from the generated type
   */
  static CodeBlock body(TrackedMethod m, CodeBlock target, TypeMirror returnType) {
    Set<String> taken = new HashSet<>();
    for (VariableElement p : m.parameters) {
      taken.add(p.getSimpleName().toString());
    }
    String call = unique("call", taken);
    String result = unique("result", taken);
    String error = unique("e", taken);

    CodeBlock invoke =
        CodeBlock.of("$L.$N($L)", target, m.element.getSimpleName().toString(), arguments(m, call));
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement(
        "$T $N = $T.begin($S,$W$L,$W$L)",
        ClassNames.TRACKED_CALL,
        call,
        ClassNames.TRACKED_CALL,
        m.plan.operation(),
        name(m),
        total(m));
    b.beginControlFlow("try");
    if (m.returnsStream()) {
      b.addStatement("return $N.result($L)", call, invoke);
    } else if (returnType.getKind() == TypeKind.VOID) {
      b.addStatement("$L", invoke);
      b.addStatement("$N.returned()", call);
    } else {
      b.addStatement("$T $N = $L", TypeName.get(returnType), result, invoke);
      b.addStatement("$N.returned()", call);
      b.addStatement("return $N", result);
    }
    b.nextControlFlow("catch ($T $N)", Throwable.class, error);
    b.addStatement("$N.failed($N)", call, error);
    b.addStatement("throw $N", error);
    b.endControlFlow();
    return b.build();
  }

  private static CodeBlock arguments(TrackedMethod m, String call) {
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < m.parameters.size(); i++) {
      String name = m.parameters.get(i).getSimpleName().toString();
      Wrapping wrapping = m.plan.wrapping(i);
      if (wrapping == Wrapping.NONE) {
        args.add(CodeBlock.of("$N", name));
      } else {
        args.add(CodeBlock.of("$N.$N($N)", call, wrapping.method(), name));
      }
    }
    return CodeBlock.join(args, ", ");
  }

  /**
   * The transfer's name as the shared rules parsed it: a literal as it is, else {@code
   * TrackedCall.name(...)} of the literal text and the placeholders' arguments, which never throws
   * whatever an argument's {@code toString()} does, and bounds the length (the agent makes the same
   * call). It is evaluated before the {@code try}, so it must not throw.
   */
  static CodeBlock name(TrackedMethod m) {
    List<NameTemplate.Part> parts = m.plan.name().parts();
    if (parts.isEmpty()) {
      return CodeBlock.of("$S", "");
    }
    if (parts.size() == 1 && !parts.get(0).isParameter()) {
      return CodeBlock.of("$S", parts.get(0).text());
    }
    List<CodeBlock> pieces = new ArrayList<>();
    for (NameTemplate.Part part : parts) {
      if (!part.isParameter()) {
        pieces.add(CodeBlock.of("$S", part.text()));
      } else if (parts.size() == 1 && isObjectArray(m.parameters.get(part.parameter()).asType())) {
        // alone, an Object[] would be taken for the varargs array itself, not for one piece
        pieces.add(CodeBlock.of("($T) $N", Object.class, part.text()));
      } else {
        pieces.add(CodeBlock.of("$N", part.text()));
      }
    }
    return CodeBlock.of("$T.name($L)", ClassNames.TRACKED_CALL, CodeBlock.join(pieces, ", "));
  }

  /** Whether {@code type} is an array of objects, not of a primitive type. */
  private static boolean isObjectArray(TypeMirror type) {
    return type.getKind() == TypeKind.ARRAY
        && !((ArrayType) type).getComponentType().getKind().isPrimitive();
  }

  /** The total as the shared rules chose it: an argument, its file's size, or unknown. */
  static CodeBlock total(TrackedMethod m) {
    Total total = m.plan.total();
    switch (total.kind()) {
      case ARGUMENT:
        return CodeBlock.of("$N", m.parameters.get(total.parameter()).getSimpleName().toString());
      case FILE:
        return CodeBlock.of(
            "$T.totalOf($N)",
            ClassNames.TRACKED_CALL,
            m.parameters.get(total.parameter()).getSimpleName().toString());
      default:
        return CodeBlock.of("$T.UNKNOWN", ClassNames.PROGRESS_EVENT);
    }
  }

  private static String unique(String base, Set<String> taken) {
    String name = base;
    while (taken.contains(name)) {
      name = name + "_";
    }
    taken.add(name);
    return name;
  }
}
