// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.io.Writer;
import java.lang.ref.Reference;
import org.jspecify.annotations.Nullable;

/**
 * A writer that counts the characters written through it into a {@link TransferImpl}, and ends the
 * transfer on close or on failure.
 *
 * <p>Each {@code write} and {@code append} overload reaches the delegate as the same call and is
 * counted once the delegate accepted it: a call that throws is not counted, marks the transfer
 * failed, and reaches the caller unchanged. A call the delegate refuses for its arguments (a bad
 * range, a {@code null} array or string) leaves the transfer running; see {@link
 * WrapperHooks#threw}.
 *
 * <p>{@code null} arguments reach the delegate as they are, so the wrapper accepts exactly what the
 * delegate accepts: {@link Writer#write(String)} refuses {@code null}, but {@link
 * java.io.StringWriter} writes {@code "null"}. {@code append(null)}, and a {@code write(null)} the
 * delegate accepted, count the four characters of {@code "null"} that {@link
 * Writer#append(CharSequence)} specifies; a {@code null} array the delegate accepted counts
 * nothing.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, every {@code write} and
 * {@code append} throws {@link java.io.InterruptedIOException} before it reaches the delegate;
 * {@code flush} and {@code close} still reach it, so what was written stays written.
 *
 * <p>Thread-safety: like the writers it wraps, not for concurrent use. The transfer's count has
 * exactly one writer, this writer.
 */
final class CountingWriter extends ForwardingWriter implements Counted {
  /*
   * Design notes
   *
   * Same shape as CountingOutputStream: a cancel check, the delegate call, then one
   * transfer.record(n); a reachability fence (free) in every delegating method.
   */
  private static final int NULL_LENGTH = 4; // "null", per Writer.append

  private final TransferImpl transfer;

  private CountingWriter(Writer delegate, TransferImpl transfer) {
    super(delegate);
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static Writer create(Writer delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingWriter(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public void write(int c) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(c);
      transfer.record(1);
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(char[] cbuf) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(cbuf);
      counted(cbuf == null ? 0 : cbuf.length); // the delegate accepted null: it wrote nothing
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(cbuf, off, len);
      counted(len);
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(String str) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(str);
      counted(str == null ? NULL_LENGTH : str.length()); // a StringWriter writes "null"
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(String str, int off, int len) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(str, off, len);
      counted(len);
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public Writer append(@Nullable CharSequence csq) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.append(csq);
      counted(csq == null ? NULL_LENGTH : csq.length());
      return this;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public Writer append(@Nullable CharSequence csq, int start, int end) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.append(csq, start, end);
      counted(end - start); // the delegate accepted the range, so it is valid
      return this;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public Writer append(char c) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.append(c);
      transfer.record(1);
      return this;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  private void counted(int n) {
    if (n > 0) {
      transfer.record(n);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      super.flush();
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
    WrapperHooks.closed(transfer);
  }
}
