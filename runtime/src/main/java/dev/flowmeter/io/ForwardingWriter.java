// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Writer} that hands every call, unchanged, to another writer.
 *
 * <p>Every method of {@link Writer} is overridden, so each {@code write} and {@code append}
 * overload reaches the delegate as the same call, in bulk. The {@code append} methods return this
 * writer, as a decorator must. Subclasses override the methods they observe and call {@code super}.
 *
 * <p>Thread-safety: exactly that of the delegate (whose lock this writer shares).
 */
class ForwardingWriter extends Writer {
  final Writer delegate;

  ForwardingWriter(Writer delegate) {
    super(Objects.requireNonNull(delegate, "delegate"));
    this.delegate = delegate;
  }

  @Override
  public void write(int c) throws IOException {
    delegate.write(c);
  }

  @Override
  public void write(char[] cbuf) throws IOException {
    delegate.write(cbuf);
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    delegate.write(cbuf, off, len);
  }

  @Override
  public void write(String str) throws IOException {
    delegate.write(str);
  }

  @Override
  public void write(String str, int off, int len) throws IOException {
    delegate.write(str, off, len);
  }

  @Override
  public Writer append(@Nullable CharSequence csq) throws IOException {
    delegate.append(csq);
    return this;
  }

  @Override
  public Writer append(@Nullable CharSequence csq, int start, int end) throws IOException {
    delegate.append(csq, start, end);
    return this;
  }

  @Override
  public Writer append(char c) throws IOException {
    delegate.append(c);
    return this;
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
