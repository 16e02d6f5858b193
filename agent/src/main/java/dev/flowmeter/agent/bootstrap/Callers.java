// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.lang.StackWalker.StackFrame;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Decides, once per stream and only when it would be shown, whether the code moving the bytes is
 * one the agent must never report: class loading and the JDK's jar reading for it (and for the
 * launcher), and Flowmeter itself (its sinks' own files, and streams the application already
 * wrapped with {@code Flowmeter.wrap}, which report themselves: one set of transfers per JVM).
 *
 * <p>Walking the stack costs microseconds, which is why it happens at most once per stream, and
 * never for the small reads that are never shown. Thread-safe.
 */
final class Callers {
  private static final String[] IGNORED_PREFIXES = {
    "jdk.internal.loader.",
    "java.lang.ClassLoader",
    "java.lang.invoke.",
    // not ZipFile/JarFile themselves: an application reading an archive (the jar tool's xf) is a
    // transfer; the JDK's own jar reading has a class loader or the launcher on its stack
    "sun.launcher.",
    "sun.net.www.protocol.jar.",
    "jdk.internal.module.",
    "jdk.internal.jimage.",
    "jdk.internal.jrtfs.",
  };
  private static final String BRIDGE = "dev.flowmeter.agent.bootstrap.";
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final Predicate<StackFrame> IGNORED =
      new Predicate<StackFrame>() {
        @Override
        public boolean test(StackFrame frame) {
          return ignored(frame.getDeclaringClass());
        }
      };
  private static final Function<Stream<StackFrame>, Boolean> ANY_IGNORED =
      new Function<Stream<StackFrame>, Boolean>() {
        @Override
        public Boolean apply(Stream<StackFrame> frames) {
          return frames.anyMatch(IGNORED);
        }
      };

  private Callers() {}

  /** Whether the current thread's stack holds a frame of code the agent must not report. */
  static boolean ignored() {
    return WALKER.walk(ANY_IGNORED);
  }

  static boolean ignored(Class<?> type) {
    String name = type.getName();
    if (name.startsWith("dev.flowmeter.")) {
      // Flowmeter's own code: the runtime on the bootstrap path, or the agent's own class loader
      ClassLoader loader = type.getClassLoader();
      boolean ours = loader == null || "flowmeter-agent".equals(loader.getName());
      return ours && !name.startsWith(BRIDGE);
    }
    for (String prefix : IGNORED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
