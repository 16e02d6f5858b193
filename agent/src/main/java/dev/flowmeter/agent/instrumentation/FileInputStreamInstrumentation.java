// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.FileIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.io.FileInputStream}: name = the file path, total = the file size, the transfer ends
 * at end of stream or on {@code close()}.
 */
public final class FileInputStreamInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = FileInputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.FileInputStream";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(isPublic().and(named("read")).and(takesArguments(0)), ADVICE + "ReadByteAdvice");
    advices.apply(
        isPublic().and(named("read")).and(takesArguments(1).or(takesArguments(3))),
        ADVICE + "ReadAdvice");
    advices.apply(
        isPublic().and(namedOneOf("readAllBytes", "readNBytes")).and(returns(byte[].class)),
        ADVICE + "ReadArrayAdvice");
    advices.apply(
        isPublic().and(named("transferTo")).and(takesArguments(1)), ADVICE + "TransferToAdvice");
    advices.apply(isPublic().and(named("close")).and(takesArguments(0)), ADVICE + "CloseAdvice");
    advices.apply(isConstructor(), ADVICE + "OpenAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(
          isPublic().and(namedOneOf("read", "readAllBytes", "readNBytes", "transferTo")),
          InterruptAdvice.NAME);
    }
  }

  /**
   * Constructors (shared by the other file classes): the stream is seen from its start, so its file
   * position is never mistaken for bytes it moved before the agent was in place.
   */
  static final class OpenAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
      FileIo.opened(self);
    }
  }

  /** {@code read()}: one byte, or -1 at end of stream. */
  static final class ReadByteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Return int value,
        @Advice.Thrown Throwable thrown) {
      FileIo.read(thread, self, path, value < 0 ? -1 : 1, thrown);
    }
  }

  /** {@code read(byte[])}, {@code read(byte[], int, int)}: the count, or -1 at end of stream. */
  static final class ReadAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Return int count,
        @Advice.Thrown Throwable thrown) {
      FileIo.read(thread, self, path, count, thrown);
    }
  }

  /** {@code readAllBytes()}, {@code readNBytes(int)}: the array's length. */
  static final class ReadArrayAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Return byte[] bytes,
        @Advice.Thrown Throwable thrown) {
      FileIo.read(thread, self, path, bytes == null ? 0 : bytes.length, thrown);
    }
  }

  /** {@code transferTo(OutputStream)}: the bytes transferred. */
  static final class TransferToAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Return long count,
        @Advice.Thrown Throwable thrown) {
      FileIo.read(thread, self, path, count, thrown);
    }
  }

  /** {@code close()}: the transfer is complete. */
  static final class CloseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object thread, @Advice.This Object self) {
      FileIo.close(thread, self);
    }
  }
}
