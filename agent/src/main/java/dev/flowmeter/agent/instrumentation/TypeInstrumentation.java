// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented type: its name (the only thing matched, so no class is loaded or parsed to
 * decide) and the advice applied to its methods.
 *
 * <p>Advice classes are named by string, never referenced as classes: they are read as bytes and
 * inlined into the target, and must never be loaded themselves.
 */
public interface TypeInstrumentation {
  /** The instrumentation's name in {@code flowmeter.instrumentation.<name>.enabled}. */
  String group();

  /** The fully qualified name of the instrumented type. */
  String typeName();

  /** Applies the advice of this type through {@code advices}. */
  void adviceTo(Advices advices);

  /** Receives the advice of one type. */
  interface Advices {
    /** Inlines the advice class named {@code adviceClassName} into the methods matched. */
    void apply(ElementMatcher<? super MethodDescription> methods, String adviceClassName);

    /**
     * Whether {@code flowmeter.agent.cancel=interrupt} asks for {@link InterruptAdvice} on the
     * methods that move data; {@code false} (the default, {@code mark}) leaves them without it.
     */
    default boolean interruptsOnCancel() {
      return false;
    }
  }
}
