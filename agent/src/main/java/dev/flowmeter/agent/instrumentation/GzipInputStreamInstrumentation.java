// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.GzipIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.zip.GZIPInputStream} on a file stream: a {@code read} transfer named after the
 * file with {@code " (gunzip)"}, counting decompressed bytes, a child of the file's transfer.
 *
 * <p>Only the class's own {@code read(byte[], int, int)} counts: {@code read()}, {@code
 * read(byte[])} and {@code skip} reach it through virtual calls, so every byte counts once.
 */
public final class GzipInputStreamInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = GzipInputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.GZIPInputStream";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(isConstructor().and(takesArguments(2)), ADVICE + "OpenAdvice");
    advices.apply(isPublic().and(named("read")).and(takesArguments(3)), ADVICE + "ReadAdvice");
    advices.apply(isPublic().and(named("close")).and(takesArguments(0)), ADVICE + "CloseAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(isPublic().and(named("read")).and(takesArguments(3)), InterruptAdvice.NAME);
    }
  }

  /** Starts counting when the stream beneath is a file stream the agent knows. */
  static final class OpenAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(0) Object in) {
      GzipIo.opened(self, in, false);
    }
  }

  /** Counts the decompressed bytes; a read that threw (a truncated file) fails the transfer. */
  static final class ReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      GzipIo.moved(self, n, thrown);
    }
  }

  /** Ends the transfer. */
  static final class CloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
      GzipIo.ended(self, thrown);
    }
  }
}
