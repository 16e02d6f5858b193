// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;

import java.util.List;

/**
 * {@code sun.nio.ch.FileChannelImpl}, the channel of {@code FileChannel.open}, {@code
 * Files.newInputStream} and the file streams' {@code getChannel()}: the count each read, write or
 * transfer returns (-1 at the end of a read); the transfer ends on close.
 */
public final class FileChannelInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "nio";
  }

  @Override
  public String typeName() {
    return "sun.nio.ch.FileChannelImpl";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        FileInputStreamInstrumentation.readCount("(*)I", "read"),
        FileInputStreamInstrumentation.readCount("(*)J", "read", "transferTo"),
        FileInputStreamInstrumentation.writeCount("(*)I", RETURN, "write"),
        FileInputStreamInstrumentation.writeCount("(*)J", RETURN, "write", "transferFrom"),
        FileInputStreamInstrumentation.close("implCloseChannel"),
        FileInputStreamInstrumentation.OPEN);
  }
}
