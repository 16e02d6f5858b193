// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link InputStream} that hands every call, unchanged, to another stream.
 *
 * <p>Unlike {@link java.io.FilterInputStream} it overrides every method of {@link InputStream},
 * including {@code readNBytes}, {@code readAllBytes}, {@code skipNBytes} and {@code transferTo}, so
 * that the delegate's own implementation (and its exceptions) is what the caller sees, and its
 * delegate is a {@code final} field rather than a volatile one. Subclasses override the methods
 * they observe and call {@code super}.
 *
 * <p>Thread-safety: exactly that of the delegate.
 */
class ForwardingInputStream extends InputStream {
  final InputStream delegate;

  ForwardingInputStream(InputStream delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public int read() throws IOException {
    return delegate.read();
  }

  @Override
  public int read(byte[] b) throws IOException {
    return delegate.read(b);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return delegate.read(b, off, len);
  }

  @Override
  public byte[] readAllBytes() throws IOException {
    return delegate.readAllBytes();
  }

  @Override
  public byte[] readNBytes(int len) throws IOException {
    return delegate.readNBytes(len);
  }

  @Override
  public int readNBytes(byte[] b, int off, int len) throws IOException {
    return delegate.readNBytes(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return delegate.skip(n);
  }

  @Override
  public void skipNBytes(long n) throws IOException {
    delegate.skipNBytes(n);
  }

  @Override
  public int available() throws IOException {
    return delegate.available();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public void mark(int readlimit) {
    delegate.mark(readlimit);
  }

  @Override
  public void reset() throws IOException {
    delegate.reset();
  }

  @Override
  public boolean markSupported() {
    return delegate.markSupported();
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return delegate.transferTo(out);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
