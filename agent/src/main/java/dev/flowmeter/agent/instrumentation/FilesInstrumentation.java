// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.FileIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.nio.file.Files.copy(Path, Path, CopyOption...)}: the JDK copies natively, with no
 * read or write to count, so the copy is one transfer from the call to its return, with the source
 * size as total. The other forms of {@code Files.copy} move their bytes through an instrumented
 * channel or stream and count there.
 */
public final class FilesInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "nio";
  }

  @Override
  public String typeName() {
    return "java.nio.file.Files";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        isPublic()
            .and(isStatic())
            .and(named("copy"))
            .and(takesArguments(3))
            .and(takesArgument(0, named("java.nio.file.Path")))
            .and(takesArgument(1, named("java.nio.file.Path"))),
        FilesInstrumentation.class.getName() + "$CopyAdvice");
  }

  /** One transfer for the whole copy. */
  static final class CopyAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object source, @Advice.Argument(1) Object target) {
      return FileIo.copyStart(source, target);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object copy, @Advice.Thrown Throwable thrown) {
      FileIo.copyEnd(copy, thrown);
    }
  }
}
