// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.ZipIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.zip.ZipInputStream}: each entry read is an {@code extract} transfer named after
 * the entry, a child of the archive file's transfer when the archive is read from a file stream.
 */
public final class ZipInputStreamInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = ZipInputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipInputStream";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(isConstructor().and(takesArguments(2)), ADVICE + "OpenAdvice");
    advices.apply(
        isPublic().and(named("getNextEntry")).and(takesArguments(0)), ADVICE + "NextAdvice");
    advices.apply(isPublic().and(named("read")).and(takesArguments(3)), ADVICE + "ReadAdvice");
    advices.apply(
        isPublic().and(namedOneOf("closeEntry", "close")).and(takesArguments(0)),
        ADVICE + "EndAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(isPublic().and(named("read")).and(takesArguments(3)), InterruptAdvice.NAME);
    }
  }

  /** Remembers the stream the archive is read from. */
  static final class OpenAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(0) Object in) {
      ZipIo.opened(self, in);
    }
  }

  /** Starts the next entry's transfer; when it threw, the archive's transfer fails. */
  static final class NextAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object self, @Advice.Return Object entry, @Advice.Thrown Throwable thrown) {
      ZipIo.nextEntry(self, entry, thrown);
    }
  }

  /** Counts the entry's bytes; a read that threw (a truncated archive) fails the transfer. */
  static final class ReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      ZipIo.read(self, n, thrown);
    }
  }

  /** Ends the current entry's transfer: complete, or failed when the call threw. */
  static final class EndAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
      ZipIo.ended(self, thrown);
    }
  }
}
