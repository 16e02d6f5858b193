// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.MethodCalls;
import dev.flowmeter.tracked.internal.TrackedNames;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.utility.dispatcher.JavaDispatcher;

/**
 * Inlines {@code MethodAdvice} into application classes as they are loaded (or retransformed): the
 * methods named in {@code flowmeter.methods.include}, and the methods annotated {@code
 * dev.flowmeter.Tracked} in classes compiled without the processor.
 *
 * <p>Design notes
 *
 * <p>Byte Buddy is loaded only when a class is to be instrumented ({@link ApplicationDecorator}): a
 * program that names no method and has no {@code @Tracked} class never loads it.
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
  // made at the first class to instrument: until then no class of Byte Buddy is loaded
  private volatile ApplicationDecorator decorator;
  private final Instrumentation instrumentation;

  ApplicationTransformer(
      Map<String, Set<String>> named,
      boolean tracked,
      ClassLoader agentLoader,
      Instrumentation instrumentation) {
    this.named = named;
    this.tracked = tracked;
    this.agentLoader = agentLoader;
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

  /**
   * The class decorated by the decorator, made by the first call. That first call makes it, and so
   * loads Byte Buddy, with Byte Buddy's dispatchers generated as classes rather than {@code
   * java.lang.reflect.Proxy}: the JDK's proxy generator computes stack map frames, and the few
   * proxies Byte Buddy makes were enough to get that code compiled by C2, which cost about 13 MiB
   * of peak resident memory. The key carries the relocated package name, so only this copy of Byte
   * Buddy reads it; it is removed again once the first class is done (Byte Buddy reads it once).
   */
  private byte[] decorate(
      ClassLoader loader,
      String className,
      byte[] classFile,
      Set<String> methods,
      boolean annotated) {
    ApplicationDecorator d = decorator;
    if (d != null) {
      return d.decorate(loader, className, classFile, methods, annotated);
    }
    synchronized (this) {
      if (decorator != null) {
        return decorator.decorate(loader, className, classFile, methods, annotated);
      }
      boolean generate = System.getProperty(JavaDispatcher.GENERATE_PROPERTY) == null;
      if (generate) {
        System.setProperty(JavaDispatcher.GENERATE_PROPERTY, "true");
      }
      try {
        decorator = new ApplicationDecorator(agentLoader);
        return decorator.decorate(loader, className, classFile, methods, annotated);
      } finally {
        if (generate) {
          System.clearProperty(JavaDispatcher.GENERATE_PROPERTY);
        }
      }
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
}
