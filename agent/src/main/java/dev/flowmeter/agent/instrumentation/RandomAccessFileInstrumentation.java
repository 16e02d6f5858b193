// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code java.io.RandomAccessFile}: name = the file path; the first call decides the operation (a
 * read takes the file size as total, a write leaves it unknown); the transfer ends on {@code
 * close()}.
 *
 * <p>The advice is the file streams' own: it needs only {@code this}, the {@code path} field that
 * all three classes have, and the arguments or result, which match method for method. {@code
 * readFully}, {@code readInt} and the other {@code DataInput}/{@code DataOutput} methods go through
 * the instrumented {@code read}/{@code write} methods and count there.
 */
public final class RandomAccessFileInstrumentation implements TypeInstrumentation {
  private static final String READ = FileInputStreamInstrumentation.class.getName() + "$";
  private static final String WRITE = FileOutputStreamInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.RandomAccessFile";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(isPublic().and(named("read")).and(takesArguments(0)), READ + "ReadByteAdvice");
    advices.apply(
        isPublic().and(named("read")).and(takesArguments(1).or(takesArguments(3))),
        READ + "ReadAdvice");
    advices.apply(
        isPublic().and(named("write")).and(takesArguments(1)).and(takesArgument(0, int.class)),
        WRITE + "WriteByteAdvice");
    advices.apply(
        isPublic().and(named("write")).and(takesArguments(1)).and(takesArgument(0, byte[].class)),
        WRITE + "WriteArrayAdvice");
    advices.apply(isPublic().and(named("write")).and(takesArguments(3)), WRITE + "WriteAdvice");
    advices.apply(isPublic().and(named("close")).and(takesArguments(0)), READ + "CloseAdvice");
    advices.apply(isConstructor(), READ + "OpenAdvice");
    if (advices.interruptsOnCancel()) {
      advices.apply(isPublic().and(namedOneOf("read", "write")), InterruptAdvice.NAME);
    }
  }
}
