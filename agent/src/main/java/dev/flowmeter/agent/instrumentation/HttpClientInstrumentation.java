// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.HttpClientIo;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The JDK's {@code java.net.http.HttpClient}: {@code send} and every {@code sendAsync} go through
 * the client's one four-argument {@code sendAsync}, whose request and body handler are replaced by
 * counting ones ({@link HttpClientIo}) before it runs.
 */
public final class HttpClientInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "http-client";
  }

  @Override
  public String typeName() {
    return "jdk.internal.net.http.HttpClientImpl";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        named("sendAsync").and(takesArguments(4)),
        HttpClientInstrumentation.class.getName() + "$SendAdvice");
  }

  /** Counts the request body sent and the response body received. */
  static final class SendAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      Object[] wrapped = HttpClientIo.wrap(request, handler);
      request = wrapped[0];
      handler = wrapped[1];
    }
  }
}
