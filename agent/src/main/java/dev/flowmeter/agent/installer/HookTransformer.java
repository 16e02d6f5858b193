// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.ReplayTransformer;
import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the hooks of the named JDK classes ({@link HookWeaver}) when they are loaded or
 * retransformed, and keeps the bytes it made.
 *
 * <p>Only classes of the bootstrap and platform class loaders are touched, matched by name. A class
 * that cannot be woven is left as it was and its error kept (or reported at once, once the
 * installation is over).
 *
 * <p>Thread-safety: {@link #transform} may be called by any thread; the results are kept in
 * concurrent maps.
 */
final class HookTransformer implements ClassFileTransformer {
  private final Map<String, TypeInstrumentation> types = new HashMap<>();
  private final Map<String, byte[]> made = new ConcurrentHashMap<>();
  private final Map<String, Throwable> failed = new ConcurrentHashMap<>();
  private final boolean interruptsOnCancel;
  private volatile boolean reportAtOnce;

  /**
   * Hooks the types of {@code instrumentations}; with {@code interruptsOnCancel} ({@code
   * flowmeter.agent.cancel=interrupt}), their methods that move data get the cancel check too.
   */
  HookTransformer(List<TypeInstrumentation> instrumentations, boolean interruptsOnCancel) {
    for (TypeInstrumentation type : instrumentations) {
      types.put(type.typeName().replace('.', '/'), type);
    }
    this.interruptsOnCancel = interruptsOnCancel;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    TypeInstrumentation type = ReplayTransformer.isJdk(loader) ? types.get(className) : null;
    if (type == null) {
      return null; // only the JDK's own classes, on the bootstrap or platform class loader
    }
    try {
      byte[] bytes = HookWeaver.weave(classFile, type.hooks(), interruptsOnCancel, loader);
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
