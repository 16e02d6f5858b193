// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * {@code java.io.RandomAccessFile}: counted as a read when its first call reads, as a write when it
 * writes; name = the file path, total = the file size for a read.
 */
public final class RandomAccessFileInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.RandomAccessFile";
  }

  @Override
  public List<Hook> hooks() {
    return Hooks.of(
        FileInputStreamInstrumentation.reads(),
        FileInputStreamInstrumentation.writes(),
        List.of(
            FileInputStreamInstrumentation.close("close"), FileInputStreamInstrumentation.OPEN));
  }
}
