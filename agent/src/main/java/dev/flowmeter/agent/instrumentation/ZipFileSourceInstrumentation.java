// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.flowmeter.agent.bootstrap.ZipFileIo;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.zip.ZipFile$Source}, the JDK's reader of an archive's central directory, which
 * every {@code ZipFile} (and {@code JarFile}) constructor runs: when it throws (a corrupt or
 * truncated archive: {@code ZipException: zip END header not found}), the read of the archive file
 * fails, instead of completing at the close the JDK does before it rethrows.
 *
 * <p>Why here and not on {@code ZipFile}'s constructor: advice cannot catch what a constructor
 * throws (Byte Buddy refuses exit advice with {@code onThrowable} on a constructor, as the JVM
 * allows no handler around the super constructor call), and the archive's {@code RandomAccessFile}
 * is a field of {@code Source}, whose private method {@code initCEN} does the reading (JDK 17 to
 * 25). On a JDK without that method or field the instrumentation does not apply and the archive's
 * read ends by the file rules alone.
 */
public final class ZipFileSourceInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipFile$Source";
  }

  @Override
  public void adviceTo(Advices advices) {
    advices.apply(
        named("initCEN"), ZipFileSourceInstrumentation.class.getName() + "$CentralDirectoryAdvice");
  }

  /** Fails the archive file's read when the central directory cannot be read. */
  static final class CentralDirectoryAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue("zfile") Object file, @Advice.Thrown Throwable thrown) {
      ZipFileIo.unreadable(file, thrown);
    }
  }
}
