// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.OutputStream;

/** A stream that drops what it is given and counts the bytes, so the work is not dead code. */
final class DiscardingStream extends OutputStream {
  private long bytes;

  @Override
  public void write(int b) {
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
  }

  /** The bytes written so far. */
  long bytes() {
    return bytes;
  }
}
