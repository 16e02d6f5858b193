// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.HttpIo;
import java.io.InputStream;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;

/**
 * The JDK's {@code HttpURLConnection} (for {@code http:} and, through its delegate, {@code https:}
 * URLs): the response body is a {@code download}, a request body an {@code upload}.
 *
 * <p>Only a streamed request body (fixed-length or chunked) is counted: a buffered one is sent
 * later, all at once, when the response is read.
 *
 * <p>The streams the connection returns are replaced by counting wrappers of the declared types
 * ({@code InputStream}, {@code OutputStream}); every call goes through to the original.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = HttpUrlConnectionInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "http-url-connection";
  }

  @Override
  public String typeName() {
    return "sun.net.www.protocol.http.HttpURLConnection";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        isPublic().and(named("getInputStream")).and(takesArguments(0)), ADVICE + "InputAdvice");
    advices.apply(
        isPublic().and(named("getOutputStream")).and(takesArguments(0)), ADVICE + "OutputAdvice");
  }

  /** The response body: counted as a download with {@code Content-Length} as total. */
  static final class InputAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return(readOnly = false) InputStream in) {
      in = HttpIo.download(self, in);
    }
  }

  /** The request body: counted as an upload with the fixed streaming length as total. */
  static final class OutputAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object self,
        @Advice.FieldValue("fixedContentLength") int fixed,
        @Advice.FieldValue("fixedContentLengthLong") long fixedLong,
        @Advice.FieldValue("chunkLength") int chunk,
        @Advice.Return(readOnly = false) OutputStream out) {
      long length = fixedLong >= 0 ? fixedLong : fixed;
      if (length >= 0 || chunk != -1) {
        out = HttpIo.upload(self, out, length);
      }
    }
  }
}
