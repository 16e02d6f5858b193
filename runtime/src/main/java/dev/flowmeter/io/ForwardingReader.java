// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.Objects;

/**
 * A {@link Reader} that hands every call, unchanged, to another reader.
 *
 * <p>Every method of {@link Reader} is overridden, so the delegate's own {@code read(CharBuffer)},
 * {@code skip} and {@code transferTo} run rather than {@link Reader}'s defaults, and the caller
 * sees their results and exceptions. Subclasses override the methods they observe and call {@code
 * super}.
 *
 * <p>Thread-safety: exactly that of the delegate (whose lock this reader shares).
 */
class ForwardingReader extends Reader {
  final Reader delegate;

  ForwardingReader(Reader delegate) {
    super(Objects.requireNonNull(delegate, "delegate"));
    this.delegate = delegate;
  }

  @Override
  public int read(CharBuffer target) throws IOException {
    return delegate.read(target);
  }

  @Override
  public int read() throws IOException {
    return delegate.read();
  }

  @Override
  public int read(char[] cbuf) throws IOException {
    return delegate.read(cbuf);
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    return delegate.read(cbuf, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return delegate.skip(n);
  }

  @Override
  public boolean ready() throws IOException {
    return delegate.ready();
  }

  @Override
  public boolean markSupported() {
    return delegate.markSupported();
  }

  @Override
  public void mark(int readAheadLimit) throws IOException {
    delegate.mark(readAheadLimit);
  }

  @Override
  public void reset() throws IOException {
    delegate.reset();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public long transferTo(Writer out) throws IOException {
    return delegate.transferTo(out);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
