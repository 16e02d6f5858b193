// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;

/**
 * Stays registered once the agent is installed, in place of the hook transformer: when another
 * agent retransforms one of the instrumented classes, the JVM starts again from the original class
 * file, and this hands back the instrumented bytes made at install time.
 *
 * <p>Why: it holds nothing but byte arrays and lives on the bootstrap class path, so the JVM keeps
 * no reference to the hook transformer, and no class load ever runs the weaver again. Limit: a
 * transformer registered before this one that changed one of these classes loses its change on such
 * a retransformation (none of the JDK's own agents touches these classes). Immutable, thread-safe.
 */
public final class ReplayTransformer implements ClassFileTransformer {
  private final Map<String, byte[]> bytes;

  /** Keeps a copy of {@code byClassName}: instrumented class file bytes by class name. */
  public ReplayTransformer(Map<String, byte[]> byClassName) {
    this.bytes = new HashMap<>();
    for (Map.Entry<String, byte[]> e : byClassName.entrySet()) {
      bytes.put(e.getKey().replace('.', '/'), e.getValue().clone());
    }
  }

  /**
   * The instrumented bytes of a bootstrap or platform class being retransformed, or {@code null}.
   */
  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    if (!isJdk(loader) || className == null || redefined == null) {
      return null;
    }
    byte[] b = bytes.get(className);
    return b == null ? null : b.clone();
  }

  /** Whether {@code loader} is the JDK's: the bootstrap ({@code null}) or platform class loader. */
  public static boolean isJdk(ClassLoader loader) {
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }
}
