// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;

/**
 * Copies a method's or constructor's signature for the generated code: access, type variables,
 * parameters with their names and annotations, varargs, thrown types.
 *
 * <p>Types come from the member as seen from the generated type ({@code asMemberOf}), so a generic
 * interface's type arguments are the decorator's own. Modifiers that make no sense on a generated
 * override ({@code abstract}, {@code default}, {@code final}, {@code synchronized}, {@code native},
 * {@code strictfp}) are dropped; {@code @Tracked} is never copied, so that nothing tracks twice.
 */
final class SignatureRule {
  private static final Set<Modifier> COPIED = Set.of(Modifier.PUBLIC, Modifier.PROTECTED);

  private SignatureRule() {}

  /** A method with {@code method}'s signature typed as {@code type}; no body, no annotations. */
  static MethodSpec.Builder method(ExecutableElement method, ExecutableType type) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(method.getSimpleName().toString());
    for (Modifier m : method.getModifiers()) {
      if (COPIED.contains(m)) {
        b.addModifiers(m);
      }
    }
    for (TypeMirror v : type.getTypeVariables()) {
      b.addTypeVariable(TypeVariableName.get((TypeVariable) v));
    }
    b.returns(TypeName.get(type.getReturnType()));
    addParameters(b, method, type);
    if (isDeprecated(method)) {
      b.addAnnotation(Deprecated.class);
    }
    return b;
  }

  /** A constructor of the generated subclass that mirrors {@code constructor}. */
  static MethodSpec.Builder constructor(ExecutableElement constructor, ExecutableType type) {
    MethodSpec.Builder b = MethodSpec.constructorBuilder();
    for (Modifier m : constructor.getModifiers()) {
      if (COPIED.contains(m)) {
        b.addModifiers(m);
      }
    }
    for (TypeMirror v : type.getTypeVariables()) {
      b.addTypeVariable(TypeVariableName.get((TypeVariable) v));
    }
    addParameters(b, constructor, type);
    if (isDeprecated(constructor)) {
      b.addAnnotation(Deprecated.class);
    }
    return b;
  }

  /** The parameter names, comma separated, to pass them on. */
  static CodeBlock arguments(ExecutableElement method) {
    List<CodeBlock> args = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      args.add(CodeBlock.of("$N", p.getSimpleName().toString()));
    }
    return CodeBlock.join(args, ", ");
  }

  private static void addParameters(
      MethodSpec.Builder b, ExecutableElement method, ExecutableType type) {
    List<? extends VariableElement> params = method.getParameters();
    List<? extends TypeMirror> paramTypes = type.getParameterTypes();
    for (int i = 0; i < params.size(); i++) {
      VariableElement p = params.get(i);
      ParameterSpec.Builder spec =
          ParameterSpec.builder(TypeName.get(paramTypes.get(i)), p.getSimpleName().toString());
      for (AnnotationMirror a : p.getAnnotationMirrors()) {
        if (!isFlowmeterAnnotation(a)) {
          spec.addAnnotation(AnnotationSpec.get(a));
        }
      }
      b.addParameter(spec.build());
    }
    b.varargs(method.isVarArgs());
    for (TypeMirror thrown : type.getThrownTypes()) {
      b.addException(TypeName.get(thrown));
    }
  }

  /** {@code @TotalBytes} stays on the original: the override is not tracked a second time. */
  private static boolean isFlowmeterAnnotation(AnnotationMirror a) {
    String name = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
    return name.equals(ClassNames.TOTAL_BYTES) || name.equals(ClassNames.TRACKED);
  }

  private static boolean isDeprecated(ExecutableElement element) {
    return TrackedMethod.hasAnnotation(element, Deprecated.class.getName());
  }
}
