// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * {@code java.io.RandomAccessFile}: counted as a read when its first call reads, as a write when it
 * writes; name = the file path, total = the file size for a read.
 */
public final class RandomAccessFileInstrumentation implements TypeInstrumentation {
  // writeBytes/writeChars(thread, stream, path, text, thrown)
  private static final String TEXT_WRITE =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;"
          + "Ljava/lang/Throwable;)V";

  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.RandomAccessFile";
  }

  /**
   * {@code writeBytes(String)} and {@code writeChars(String)}: they write through a private method
   * of their own, never through {@code write}, so their bytes are counted here, from the string:
   * one byte a character, or two.
   */
  static List<Hook> textWrites() {
    return List.of(
        FileInputStreamInstrumentation.counted(
            "(Ljava/lang/String;)V", "writeBytes", TEXT_WRITE, Arg.argument(0), "writeBytes"),
        FileInputStreamInstrumentation.counted(
            "(Ljava/lang/String;)V", "writeChars", TEXT_WRITE, Arg.argument(0), "writeChars"));
  }

  @Override
  public List<Hook> hooks() {
    return Hooks.of(
        FileInputStreamInstrumentation.reads(),
        FileInputStreamInstrumentation.writes(),
        textWrites(),
        List.of(
            FileInputStreamInstrumentation.close("close"), FileInputStreamInstrumentation.OPEN));
  }
}
