// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decorator that only delegates: the cost of being a wrapper at all, and so the floor for any
 * counting wrapper.
 *
 * <p>{@link FilterInputStream} already forwards most calls; the bulk methods are overridden anyway,
 * as a counting wrapper must, so that the floor has the same shape as the wrappers it is compared
 * with. Thread-safety is the delegate's.
 */
final class ForwardingInputStream extends FilterInputStream {
  ForwardingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    return in.read();
  }

  @Override
  public int read(byte[] b) throws IOException {
    return in.read(b, 0, b.length);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  @Override
  public String toString() {
    return "ForwardingInputStream(" + in + ")";
  }
}
