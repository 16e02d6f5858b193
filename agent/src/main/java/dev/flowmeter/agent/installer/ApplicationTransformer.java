// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.MethodCalls;
import dev.flowmeter.agent.bootstrap.MethodSpec;
import dev.flowmeter.agent.instrumentation.MethodAdvice;
import dev.flowmeter.tracked.internal.TrackedNames;
import dev.flowmeter.tracked.internal.TrackedPlan;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Map;
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
 * Inlines {@link MethodAdvice} into application classes as they are loaded (or retransformed): the
 * methods named in {@code flowmeter.methods.include}, and the methods annotated {@code
 * dev.flowmeter.Tracked} in classes compiled without the processor.
 *
 * <p>Design notes
 *
 * <p>Stays registered for the life of the JVM, since application classes are loaded by any class
 * loader at any time. Matching is cheap: a hash lookup of the class name, and for {@code @Tracked}
 * a scan of the class file's bytes for {@code Ldev/flowmeter/Tracked;} before anything is parsed.
 * Classes of the bootstrap and platform loaders (the JDK and the agent's bridge) and of the agent's
 * own loader are never touched. A class whose processor-generated companion ({@code Foo_Tracked},
 * {@code Outer_Inner_Tracked}, named by the shared rules) is present is skipped for
 * {@code @Tracked}: the companion already tracks its calls, and instrumenting the original as well
 * would count them twice. The companion is looked up once the class is parsed, since its name needs
 * the class's nesting.
 *
 * <p>Thread-safety: {@link #transform} may run on any thread at once; the fields are immutable.
 */
final class ApplicationTransformer implements ClassFileTransformer {
  private static final byte[] TRACKED_DESCRIPTOR =
      "Ldev/flowmeter/Tracked;".getBytes(StandardCharsets.ISO_8859_1);

  private final Map<String, Set<String>> named;
  private final boolean tracked;
  private final ClassLoader agentLoader;
  private final ClassFileLocator adviceLocator;
  private final Instrumentation instrumentation;

  ApplicationTransformer(
      Map<String, Set<String>> named,
      boolean tracked,
      ClassLoader agentLoader,
      Instrumentation instrumentation) {
    this.named = named;
    this.tracked = tracked;
    this.agentLoader = agentLoader;
    this.adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
    this.instrumentation = instrumentation;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    if (!isApplication(loader) || className == null || classFile == null) {
      return null;
    }
    Set<String> methods = named.get(className);
    // a generated companion is never instrumented itself
    boolean annotated =
        tracked && !className.endsWith(TrackedNames.COMPANION_SUFFIX) && mentionsTracked(classFile);
    if (methods == null && !annotated) {
      return null;
    }
    try {
      byte[] bytes = decorate(loader, className, classFile, methods, annotated);
      if (bytes != null && module != null && module.isNamed()) {
        Module bridge = MethodCalls.class.getModule();
        if (!module.canRead(bridge)) {
          instrumentation.redefineModule(
              module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        }
      }
      return bytes;
    } catch (Throwable e) {
      System.err.println(
          "flowmeter-agent: cannot instrument "
              + className.replace('/', '.')
              + " ("
              + e
              + "); it runs uninstrumented");
      return null;
    }
  }

  /** Whether classes of {@code loader} are the application's (not the JDK's, not the agent's). */
  boolean isApplication(ClassLoader loader) {
    return loader != null
        && loader != ClassLoader.getPlatformClassLoader()
        && loader != agentLoader;
  }

  /** Whether the class is named in {@code flowmeter.methods.include}. */
  boolean isNamed(String className) {
    return named.containsKey(className.replace('.', '/'));
  }

  static boolean mentionsTracked(byte[] classFile) {
    byte first = TRACKED_DESCRIPTOR[0];
    int last = classFile.length - TRACKED_DESCRIPTOR.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (classFile[i] != first) {
        continue;
      }
      for (int j = 1; j < TRACKED_DESCRIPTOR.length; j++) {
        if (classFile[i + j] != TRACKED_DESCRIPTOR[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
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

  private byte[] decorate(
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
