// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.MethodSpec;
import dev.flowmeter.agent.instrumentation.MethodAdvice;
import dev.flowmeter.tracked.internal.TrackedNames;
import dev.flowmeter.tracked.internal.TrackedPlan;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines {@link MethodAdvice} into one application class with Byte Buddy: the part of {@link
 * ApplicationTransformer} that loads Byte Buddy, made only once a class is to be instrumented.
 *
 * <p>Thread-safety: immutable; {@link #decorate} may run on any thread at once.
 */
final class ApplicationDecorator {
  private final ClassFileLocator adviceLocator;

  ApplicationDecorator(ClassLoader agentLoader) {
    this.adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
  }

  /**
   * Whether the processor's companion of {@code type} is on its loader, named as the shared rules
   * name it.
   */
  static boolean hasCompanion(ClassLoader loader, TypeDescription type) {
    String name = type.getName();
    String folder = name.substring(0, name.lastIndexOf('.') + 1).replace('.', '/');
    String companion = folder + TrackedNames.companion(MethodSpecs.typeNames(type)) + ".class";
    try {
      return loader.getResource(companion) != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The class {@code className} of {@code loader} with {@code methods} (named in {@code
   * flowmeter.methods.include}, or {@code null}) and, when {@code annotated}, its {@code @Tracked}
   * methods instrumented; {@code null} when nothing is to change.
   */
  byte[] decorate(
      ClassLoader loader,
      String className,
      byte[] classFile,
      Set<String> methods,
      boolean annotated) {
    String name = className.replace('/', '.');
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, classFile),
            ClassFileLocator.ForClassLoader.of(loader),
            adviceLocator);
    TypePool pool =
        new TypePool.Default.WithLazyResolution(
            new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.EXTENDED);
    TypeDescription type = pool.describe(name).resolve();
    // with a companion, the companion tracks the @Tracked calls; methods named remain
    boolean trackAnnotated = annotated && !hasCompanion(loader, type);
    if (methods == null && !trackAnnotated) {
      return null;
    }
    AsmVisitorWrapper.ForDeclaredMethods visitor = new AsmVisitorWrapper.ForDeclaredMethods();
    boolean any = false;
    for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
      if (!m.isMethod() || m.isAbstract() || m.isNative() || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      AnnotationDescription annotation = null;
      if (trackAnnotated) {
        for (AnnotationDescription a : m.getDeclaredAnnotations()) {
          if (a.getAnnotationType().getName().equals(MethodSpecs.TRACKED)) {
            annotation = a;
          }
        }
      }
      if (annotation == null && (methods == null || !methods.contains(m.getName()))) {
        continue;
      }
      TrackedPlan plan = MethodSpecs.plan(m, annotation);
      int id = MethodSpec.register(new MethodSpec(plan));
      String adviceClass = plan.resultKind() == null ? MethodAdvice.CALL : MethodAdvice.RESULT;
      // an int pushed as is: binding a plain value goes through JavaConstant, whose generated
      // dispatcher for ClassDesc fails verification here
      Advice advice =
          Advice.withCustomMapping()
              .bind(
                  MethodAdvice.SpecId.class,
                  IntegerConstant.forValue(id),
                  TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(int.class))
              .to(pool.describe(adviceClass).resolve(), locator);
      visitor = visitor.invokable(ElementMatchers.is(m), advice);
      any = true;
    }
    if (!any) {
      return null;
    }
    return new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(Implementation.Context.Disabled.Factory.INSTANCE)
        .decorate(type, locator)
        .visit(visitor)
        .make(pool)
        .getBytes();
  }
}
