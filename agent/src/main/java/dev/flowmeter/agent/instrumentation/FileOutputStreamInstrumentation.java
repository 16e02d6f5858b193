// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * {@code java.io.FileOutputStream}: name = the file path, total unknown, the transfer ends on
 * {@code close()}.
 */
public final class FileOutputStreamInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.FileOutputStream";
  }

  @Override
  public List<Hook> hooks() {
    return Hooks.of(
        FileInputStreamInstrumentation.writes(),
        List.of(
            FileInputStreamInstrumentation.close("close"), FileInputStreamInstrumentation.OPEN));
  }
}
