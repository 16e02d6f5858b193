// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.GzipIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.zip.GZIPOutputStream} on a file stream: a {@code write} transfer named after the
 * file with {@code " (gzip)"}, counting uncompressed bytes, a child of the file's transfer; it ends
 * at {@code finish()}, which {@code close()} calls.
 *
 * <p>Only the class's own {@code write(byte[], int, int)} counts: the other writes reach it through
 * virtual calls. Every constructor ends in the three-argument one.
 */
public final class GzipOutputStreamInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = GzipOutputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.GZIPOutputStream";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(isConstructor().and(takesArguments(3)), ADVICE + "OpenAdvice");
    advices.apply(isPublic().and(named("write")).and(takesArguments(3)), ADVICE + "WriteAdvice");
    advices.apply(isPublic().and(named("finish")).and(takesArguments(0)), ADVICE + "EndAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(isPublic().and(named("write")).and(takesArguments(3)), InterruptAdvice.NAME);
    }
  }

  /** Starts counting when the stream beneath is a file stream the agent knows. */
  static final class OpenAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(0) Object out) {
      GzipIo.opened(self, out, true);
    }
  }

  /** Counts the bytes written; a write that threw is not counted, and fails the transfer. */
  static final class WriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object self, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
      GzipIo.moved(self, len, thrown);
    }
  }

  /** Ends the transfer. */
  static final class EndAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
      GzipIo.ended(self, thrown);
    }
  }
}
