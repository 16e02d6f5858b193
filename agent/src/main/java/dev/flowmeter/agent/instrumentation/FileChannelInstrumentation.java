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
 * {@code sun.nio.ch.FileChannelImpl}, the JDK's file channel: what {@code FileChannel.open}, {@code
 * Files.newByteChannel}, {@code Files.newInputStream}/{@code newOutputStream} (through their
 * channel) and {@code Files.copy} with a stream use. Name = the file path; the first call decides
 * the operation (a read takes the file size as total); {@code transferTo} counts as a read of this
 * channel, {@code transferFrom} as a write; the transfer ends on close.
 *
 * <p>A channel obtained from a {@code FileInputStream} or {@code FileOutputStream} closes inside
 * the stream's own {@code close()}, where the call depth keeps it from counting twice.
 */
public final class FileChannelInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = FileChannelInstrumentation.class.getName() + "$";
  private static final String STREAM_ADVICE = FileInputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "nio";
  }

  @Override
  public String typeName() {
    return "sun.nio.ch.FileChannelImpl";
  }

  @Override
  public void adviceTo(Advices advices) {
    // the same shape as FileInputStream.read(byte[], int, int): the count returned, -1 at the end
    advices.apply(
        isPublic().and(named("read")).and(returns(int.class)), STREAM_ADVICE + "ReadAdvice");
    advices.apply(
        isPublic().and(namedOneOf("read", "transferTo")).and(returns(long.class)),
        ADVICE + "ReadLongAdvice");
    advices.apply(
        isPublic().and(named("write")).and(returns(int.class)), ADVICE + "WriteIntAdvice");
    advices.apply(
        isPublic().and(namedOneOf("write", "transferFrom")).and(returns(long.class)),
        ADVICE + "WriteLongAdvice");
    advices.apply(named("implCloseChannel").and(takesArguments(0)), STREAM_ADVICE + "CloseAdvice");
    advices.apply(isConstructor(), STREAM_ADVICE + "OpenAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(
          isPublic().and(namedOneOf("read", "write", "transferTo", "transferFrom")),
          InterruptAdvice.NAME);
    }
  }

  /** {@code read(ByteBuffer[], int, int)}, {@code transferTo}: the count, or -1 at the end. */
  static final class ReadLongAdvice {
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

  /** {@code write(ByteBuffer)}, {@code write(ByteBuffer, long)}: the count written. */
  static final class WriteIntAdvice {
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
      FileIo.write(thread, self, path, count, thrown);
    }
  }

  /** {@code write(ByteBuffer[], int, int)}, {@code transferFrom}: the count written. */
  static final class WriteLongAdvice {
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
      FileIo.write(thread, self, path, count, thrown);
    }
  }
}
