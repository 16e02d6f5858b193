// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;
import static dev.flowmeter.agent.instrumentation.Arg.THROWN;

import java.util.List;

/**
 * {@code java.util.zip.ZipInputStream}: each entry read is a {@code decompress} transfer named
 * after the entry (see {@code ZipIo}).
 */
public final class ZipInputStreamInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipInputStream";
  }

  @Override
  public List<Hook> hooks() {
    String zip = "ZipIo";
    return List.of(
        Hook.on("(Ljava/io/InputStream;Ljava/nio/charset/Charset;)V", "<init>")
            .exit(
                Call.of(
                    zip,
                    "opened",
                    "(Ljava/lang/Object;Ljava/lang/Object;)V",
                    THIS,
                    Arg.argument(0))),
        Hook.on("()Ljava/util/zip/ZipEntry;", "getNextEntry")
            .exitOrThrow(
                Call.of(
                    zip,
                    "nextEntry",
                    "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V",
                    THIS,
                    RETURN,
                    THROWN)),
        Hook.on("([BII)I", "read")
            .exitOrThrow(
                Call.of(
                    zip,
                    "read",
                    "(Ljava/lang/Object;ILjava/lang/Throwable;)V",
                    THIS,
                    RETURN,
                    THROWN))
            .stops(),
        Hook.on("()V", "closeEntry", "close")
            .exitOrThrow(
                Call.of(zip, "ended", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", THIS, THROWN)));
  }
}
