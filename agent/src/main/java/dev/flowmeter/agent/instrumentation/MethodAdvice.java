// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import dev.flowmeter.agent.bootstrap.MethodCalls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into application methods named in {@code flowmeter.methods.include} or
 * annotated {@code @Tracked}: begin a tracked call, wrap the stream parameters, end the call with
 * the method's return or exception (rethrown unchanged), or wrap the stream it returns.
 *
 * <p>Each method gets its own copy bound to its {@link SpecId}; the advice only calls the bootstrap
 * bridge {@link MethodCalls}, which any class loader sees.
 */
public final class MethodAdvice {
  /** The class name of the advice for methods whose parameters are counted. */
  public static final String CALL = MethodAdvice.class.getName() + "$CallAdvice";

  /** The class name of the advice for methods whose stream result is counted. */
  public static final String RESULT = MethodAdvice.class.getName() + "$ResultAdvice";

  private MethodAdvice() {}

  /** Bound to the number of the method's {@code MethodSpec}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface SpecId {}

  /** Counts the stream parameters; ends the call with the return or the exception. */
  static final class CallAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @SpecId int id,
        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
      Object call = MethodCalls.begin(id, args);
      Object[] wrapped = MethodCalls.wrap(call, id, args);
      if (wrapped != null) {
        args = wrapped;
      }
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
      MethodCalls.end(call, error);
    }
  }

  /** Hands the call over to the stream the method returns. */
  static final class ResultAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@SpecId int id, @Advice.AllArguments Object[] args) {
      return MethodCalls.begin(id, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @SpecId int id,
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable error) {
      Object r = MethodCalls.result(call, id, result, error);
      if (r != result) {
        result = r;
      }
    }
  }
}
