// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A decorator that only delegates: the floor for any counting output wrapper.
 *
 * <p>The bulk {@code write} is overridden because {@link FilterOutputStream}'s own writes one byte
 * at a time, which no wrapper worth measuring does. Thread-safety is the delegate's.
 */
final class ForwardingOutputStream extends FilterOutputStream {
  ForwardingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    out.write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public String toString() {
    return "ForwardingOutputStream(" + out + ")";
  }
}
