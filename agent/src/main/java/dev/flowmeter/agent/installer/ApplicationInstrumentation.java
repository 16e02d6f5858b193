// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.ConfigException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The instrumentation of application classes: {@code methods} ({@code flowmeter.methods.include})
 * and {@code tracked} ({@code @Tracked} in classes compiled without the processor).
 *
 * <p>Configured before anything is instrumented (a malformed value turns the agent off with one
 * line); installed last: registers an {@link ApplicationTransformer} for classes loaded from then
 * on, and retransforms the matching classes already loaded. Used by the installer thread only.
 */
final class ApplicationInstrumentation {
  private final MethodsInclude include;
  private final boolean tracked;

  private ApplicationInstrumentation(MethodsInclude include, boolean tracked) {
    this.include = include;
    this.tracked = tracked;
  }

  /** Reads {@code flowmeter.methods.include} and the two switches; throws when malformed. */
  static ApplicationInstrumentation configure(AgentConfig config) throws ConfigException {
    MethodsInclude include =
        config.enabled("methods")
            ? MethodsInclude.parse(config.value(MethodsInclude.KEY))
            : MethodsInclude.parse(null);
    return new ApplicationInstrumentation(include, config.enabled("tracked"));
  }

  /** Registers the transformer and retransforms what is already loaded and matches. */
  void install(Instrumentation instrumentation) {
    if (include.isEmpty() && !tracked) {
      return;
    }
    ApplicationTransformer transformer =
        new ApplicationTransformer(
            include.methods,
            tracked,
            ApplicationInstrumentation.class.getClassLoader(),
            instrumentation);
    instrumentation.addTransformer(transformer, true);
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      try {
        if (transformer.isApplication(c.getClassLoader())
            && instrumentation.isModifiableClass(c)
            && (transformer.isNamed(c.getName()) || (tracked && hasTracked(c)))) {
          loaded.add(c);
        }
      } catch (Throwable e) {
        // a class that cannot be inspected is left alone
      }
    }
    for (Class<?> c : loaded) {
      try {
        instrumentation.retransformClasses(c);
      } catch (Throwable e) {
        System.err.println("flowmeter-agent: cannot instrument " + c.getName() + " (" + e + ")");
      }
    }
  }

  private static boolean hasTracked(Class<?> c) {
    if (c.isArray() || c.isPrimitive()) {
      return false;
    }
    for (Method m : c.getDeclaredMethods()) {
      for (java.lang.annotation.Annotation a : m.getDeclaredAnnotations()) {
        if (a.annotationType().getName().equals(MethodSpecs.TRACKED)) {
          return true;
        }
      }
    }
    return false;
  }
}
