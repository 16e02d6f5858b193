// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.FileIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.io.FileOutputStream}: name = the file path, total unknown, the transfer ends on
 * {@code close()}.
 */
public final class FileOutputStreamInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = FileOutputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.FileOutputStream";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        isPublic().and(named("write")).and(takesArguments(1)).and(takesArgument(0, int.class)),
        ADVICE + "WriteByteAdvice");
    advices.apply(
        isPublic().and(named("write")).and(takesArguments(1)).and(takesArgument(0, byte[].class)),
        ADVICE + "WriteArrayAdvice");
    advices.apply(isPublic().and(named("write")).and(takesArguments(3)), ADVICE + "WriteAdvice");
    advices.apply(isPublic().and(named("close")).and(takesArguments(0)), ADVICE + "CloseAdvice");
    advices.apply(isConstructor(), FileInputStreamInstrumentation.class.getName() + "$OpenAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(isPublic().and(named("write")), InterruptAdvice.NAME);
    }
  }

  /** {@code write(int)}: one byte. */
  static final class WriteByteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Thrown Throwable thrown) {
      FileIo.write(thread, self, path, 1, thrown);
    }
  }

  /** {@code write(byte[])}: the array's length. */
  static final class WriteArrayAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Argument(0) byte[] bytes,
        @Advice.Thrown Throwable thrown) {
      FileIo.write(thread, self, path, bytes == null ? 0 : bytes.length, thrown);
    }
  }

  /** {@code write(byte[], int, int)}: the length argument. */
  static final class WriteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return FileIo.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object thread,
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Argument(2) int length,
        @Advice.Thrown Throwable thrown) {
      FileIo.write(thread, self, path, length, thrown);
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
