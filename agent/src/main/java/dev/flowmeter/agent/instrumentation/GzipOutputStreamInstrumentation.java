// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * {@code java.util.zip.GZIPOutputStream}: the uncompressed bytes written, as a {@code compress}
 * transfer named after what it writes to; it ends at {@code finish()}.
 */
public final class GzipOutputStreamInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.GZIPOutputStream";
  }

  @Override
  public List<Hook> hooks() {
    return GzipInputStreamInstrumentation.hooks(
        "(Ljava/io/OutputStream;IZ)V", true, "write", "([BII)V", Arg.argument(2), "finish");
  }
}
