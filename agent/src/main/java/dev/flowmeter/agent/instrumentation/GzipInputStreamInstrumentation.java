// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;
import static dev.flowmeter.agent.instrumentation.Arg.THROWN;

import java.util.List;

/**
 * {@code java.util.zip.GZIPInputStream}: the uncompressed bytes read, as a {@code decompress}
 * transfer named after what it reads (see {@code GzipIo}).
 */
public final class GzipInputStreamInstrumentation implements TypeInstrumentation {
  static final String GZIP_IO = "GzipIo";

  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.GZIPInputStream";
  }

  @Override
  public List<Hook> hooks() {
    return hooks("(Ljava/io/InputStream;I)V", false, "read", "([BII)I", RETURN, "close");
  }

  /**
   * The hooks of a gzip stream: its constructor {@code constructor} (the stream beneath as first
   * argument), its method {@code move} of descriptor {@code moveDescriptor} that moves {@code
   * count} uncompressed bytes, and the method {@code end} that ends it.
   */
  static List<Hook> hooks(
      String constructor,
      boolean writing,
      String move,
      String moveDescriptor,
      Arg count,
      String end) {
    return List.of(
        Hook.on(constructor, "<init>")
            .exit(
                Call.of(
                    GZIP_IO,
                    "opened",
                    "(Ljava/lang/Object;Ljava/lang/Object;Z)V",
                    THIS,
                    Arg.argument(0),
                    Arg.constant(writing ? 1 : 0))),
        Hook.on(moveDescriptor, move)
            .exitOrThrow(
                Call.of(
                    GZIP_IO,
                    "moved",
                    "(Ljava/lang/Object;ILjava/lang/Throwable;)V",
                    THIS,
                    count,
                    THROWN))
            .stops(),
        Hook.on("()V", end)
            .exitOrThrow(
                Call.of(
                    GZIP_IO, "ended", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", THIS, THROWN)));
  }
}
