// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import dev.flowmeter.agent.bootstrap.Interrupts;
import net.bytebuddy.asm.Advice;

/**
 * The advice added, under {@code flowmeter.agent.cancel=interrupt} only, to the methods of the
 * JDK's streams that move data ({@code read}, {@code write}, {@code transferTo}, ...): when a
 * user's cancel stopped the transfer of the stream, the method does not run and throws the {@code
 * InterruptedIOException} the bridge made instead, as a stream interrupted before it moved anything
 * would; what was written before stays written.
 *
 * <p>The enter advice returns that exception, which skips the method ({@code skipOn}); the exit
 * advice throws it by assigning it to the method's thrown value. Both suppress everything they
 * throw themselves, so a defect here only leaves the call to run.
 */
public final class InterruptAdvice {
  /** The class name of the advice, for {@link TypeInstrumentation.Advices#apply}. */
  public static final String NAME = InterruptAdvice.class.getName() + "$StopAdvice";

  private InterruptAdvice() {}

  /** Skips a call on a stream whose transfer a user cancelled, and throws instead. */
  static final class StopAdvice {
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(@Advice.This Object self) {
      return Interrupts.stopped(self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object stopped, @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (stopped instanceof Throwable) {
        thrown = (Throwable) stopped;
      }
    }
  }
}
