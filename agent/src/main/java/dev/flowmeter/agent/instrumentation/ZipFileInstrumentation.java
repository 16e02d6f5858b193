// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.flowmeter.agent.bootstrap.ZipFileIo;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.zip.ZipFile} (and so {@code JarFile}, which reads its entries through it): the
 * stream returned for an entry is an {@code extract} transfer named after the entry, a child of the
 * archive file's transfer when the agent shows one.
 *
 * <p>The stream is replaced by a counting wrapper of the declared type ({@code InputStream}); every
 * call goes through to the original. An entry whose size is known and below {@code
 * flowmeter.agent.min-bytes} (every class file a class loader reads) is returned unwrapped.
 */
public final class ZipFileInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = ZipFileInstrumentation.class.getName() + "$";

  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipFile";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        isPublic().and(named("getInputStream")).and(takesArguments(1)), ADVICE + "EntryAdvice");
  }

  /** The entry's stream: counted as an extract with the entry's size as total. */
  static final class EntryAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object self,
        @Advice.Argument(0) Object entry,
        @Advice.Return(readOnly = false) InputStream in) {
      in = ZipFileIo.entry(self, entry, in);
    }
  }
}
