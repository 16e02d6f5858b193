// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/** The built-in instrumentations, in the order they are installed. */
public final class Instrumentations {
  private Instrumentations() {}

  /** Every built-in instrumentation. */
  public static List<TypeInstrumentation> all() {
    return List.of(
        new FileInputStreamInstrumentation(),
        new FileOutputStreamInstrumentation(),
        new RandomAccessFileInstrumentation(),
        new FileChannelInstrumentation(),
        new FilesInstrumentation(),
        new HttpUrlConnectionInstrumentation(),
        new HttpClientInstrumentation(),
        new ZipInputStreamInstrumentation(),
        new ZipFileInstrumentation(),
        new ZipFileSourceInstrumentation(),
        new GzipInputStreamInstrumentation(),
        new GzipOutputStreamInstrumentation());
  }
}
