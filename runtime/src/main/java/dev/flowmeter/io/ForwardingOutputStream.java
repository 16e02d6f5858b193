// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link OutputStream} that hands every call, unchanged, to another stream.
 *
 * <p>Unlike {@link java.io.FilterOutputStream}, whose {@code write(byte[], int, int)} writes one
 * byte at a time, every bulk write reaches the delegate as one bulk call. Subclasses override the
 * methods they observe and call {@code super}.
 *
 * <p>Thread-safety: exactly that of the delegate.
 */
class ForwardingOutputStream extends OutputStream {
  final OutputStream delegate;

  ForwardingOutputStream(OutputStream delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void write(int b) throws IOException {
    delegate.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    delegate.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    delegate.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
