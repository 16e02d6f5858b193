// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the advice of the named bootstrap classes when they are retransformed, and keeps the
 * bytes it made.
 *
 * <p>Design notes
 *
 * <p>Why not {@code AgentBuilder}: it generates a transformer class at run time, creates a
 * self-injecting initialization strategy that reaches for {@code sun.misc.Unsafe} (reported on
 * standard error by JDK 24 and later), and loads several hundred more classes; together that cost
 * about 10 MiB of peak resident memory and a few hundred milliseconds of a core. What the agent
 * needs is what this class does with Byte Buddy's own parts: {@link Advice} inlined ({@code
 * suppress = Throwable.class} in every advice class) into a class that is only decorated, with
 * {@link Implementation.Context.Disabled} so that the class format never changes (no field, no
 * method, no initializer added), matched by name only, for loaded classes retransformed one by one.
 *
 * <p>Descriptions come from a type pool made for each class and dropped afterwards: the class file
 * the JVM hands over, the advice classes from the agent's class loader, and the JDK's class files
 * for the super types. Nothing is reflected on and nothing is cached.
 *
 * <p>Thread-safety: {@link #transform} may be called by any thread; the results are kept in a
 * concurrent map.
 */
final class AdviceTransformer implements ClassFileTransformer {
  private final Map<String, TypeInstrumentation> types = new HashMap<>();
  private final ClassFileLocator adviceLocator;
  private final Map<String, byte[]> made = new ConcurrentHashMap<>();
  private final Map<String, Throwable> failed = new ConcurrentHashMap<>();
  private final boolean interruptsOnCancel;
  private volatile boolean reportAtOnce;

  /**
   * Decorates the types of {@code instrumentations} with advice read from {@code adviceLoader};
   * with {@code interruptsOnCancel} ({@code flowmeter.agent.cancel=interrupt}), their methods that
   * move data get the {@code InterruptAdvice} too.
   */
  AdviceTransformer(
      List<TypeInstrumentation> instrumentations,
      ClassLoader adviceLoader,
      boolean interruptsOnCancel) {
    for (TypeInstrumentation type : instrumentations) {
      types.put(type.typeName().replace('.', '/'), type);
    }
    this.adviceLocator = ClassFileLocator.ForClassLoader.of(adviceLoader);
    this.interruptsOnCancel = interruptsOnCancel;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    if ((loader != null && loader != ClassLoader.getPlatformClassLoader()) || className == null) {
      return null; // only the JDK's own classes, on the bootstrap or platform class loader
    }
    TypeInstrumentation type = types.get(className);
    if (type == null) {
      return null;
    }
    try {
      byte[] bytes = decorate(type, classFile);
      made.put(type.typeName(), bytes);
      return bytes;
    } catch (Throwable e) {
      failed.put(type.typeName(), e);
      if (reportAtOnce) {
        report(type.typeName(), e);
      }
      return null;
    }
  }

  private byte[] decorate(TypeInstrumentation type, byte[] classFile) {
    String name = type.typeName();
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, classFile),
            adviceLocator,
            ClassFileLocator.ForClassLoader.ofPlatformLoader());
    TypePool pool =
        new TypePool.Default(
            new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
    AsmVisitorWrapper.ForDeclaredMethods[] visitor = {new AsmVisitorWrapper.ForDeclaredMethods()};
    type.adviceTo(
        new TypeInstrumentation.Advices() {
          @Override
          public void apply(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
            visitor[0] =
                visitor[0].invokable(
                    methods, Advice.to(pool.describe(adviceClass).resolve(), locator));
          }

          @Override
          public boolean interruptsOnCancel() {
            return interruptsOnCancel;
          }
        });
    return new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(Implementation.Context.Disabled.Factory.INSTANCE)
        .decorate(pool.describe(name).resolve(), locator)
        .visit(visitor[0])
        .make(pool)
        .getBytes();
  }

  /** From now on, a class that cannot be instrumented as it loads is reported at once. */
  void reportFailuresAsTheyHappen() {
    reportAtOnce = true;
  }

  /** Prints the agent's one line for a class it cannot instrument. */
  static void report(String className, Throwable error) {
    System.err.println(
        "flowmeter-agent: cannot instrument "
            + className
            + " ("
            + error
            + "); it runs uninstrumented");
  }

  /** The bytes made for each class transformed so far, by class name. */
  Map<String, byte[]> made() {
    return made;
  }

  /** The error for each class that could not be transformed, by class name. */
  Map<String, Throwable> failed() {
    return failed;
  }
}
