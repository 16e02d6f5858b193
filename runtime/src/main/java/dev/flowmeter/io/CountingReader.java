// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.ref.Reference;
import java.nio.CharBuffer;

/**
 * A reader that counts the characters read (and skipped) through it into a {@link TransferImpl},
 * and ends the transfer at end of stream, on close, or on failure.
 *
 * <p>Every method returns exactly what the delegate returns and throws exactly what it throws (the
 * same instance). A {@code reset()} rewinds the count to its value at {@code mark()}; a negative
 * {@code skip} result ({@link java.io.StringReader} skips backwards) lowers the count, so the count
 * is always the position reached. A {@code mark} or {@code reset} that throws changes nothing. A
 * call the delegate refuses for its arguments (a bad range, a {@code null} buffer, a negative skip)
 * leaves the transfer running; see {@link WrapperHooks#threw}.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, every {@code read},
 * {@code skip} and {@code transferTo} (and each chunk of a running {@code transferTo}) throws
 * {@link java.io.InterruptedIOException} before it reaches the delegate; {@code close} still
 * reaches it.
 *
 * <p>Thread-safety: like the readers it wraps, not for concurrent use. The transfer's count has
 * exactly one writer, this reader.
 */
final class CountingReader extends ForwardingReader implements Counted {
  /*
   * Design notes
   *
   * Same shape as CountingInputStream: a cancel check and one transfer.record(n) per read, the
   * lifecycle only on end of stream, close and failure, and a reachability fence (free) in every
   * delegating method.
   */
  private final TransferImpl transfer;
  private long countAtMark;

  private CountingReader(Reader delegate, TransferImpl transfer) {
    super(delegate);
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static Reader create(Reader delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingReader(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public int read() throws IOException {
    transfer.checkNotCancelled();
    try {
      int c = super.read();
      if (c >= 0) {
        transfer.record(1);
      } else {
        WrapperHooks.endOfStream(transfer);
      }
      return c;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(char[] cbuf) throws IOException {
    transfer.checkNotCancelled();
    try {
      return counted(super.read(cbuf));
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    transfer.checkNotCancelled();
    try {
      return counted(super.read(cbuf, off, len));
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(CharBuffer target) throws IOException {
    transfer.checkNotCancelled();
    try {
      return counted(super.read(target));
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  private int counted(int n) {
    if (n > 0) {
      transfer.record(n);
    } else if (n < 0) {
      WrapperHooks.endOfStream(transfer);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    transfer.checkNotCancelled();
    try {
      long skipped = super.skip(n);
      if (skipped != 0) { // negative when a StringReader skipped backwards
        transfer.record(skipped);
      }
      return skipped;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public boolean ready() throws IOException {
    try {
      return super.ready();
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Marks the delegate, then remembers the count; a mark that throws changes nothing. */
  @Override
  public void mark(int readAheadLimit) throws IOException {
    super.mark(readAheadLimit);
    countAtMark = transfer.bytes();
  }

  /**
   * Resets the delegate and, if that succeeded, rewinds the count to its value at the last {@code
   * mark()} (0 when there was none: a {@link java.io.StringReader} resets to its start). A reset
   * that throws changes nothing, the transfer's status included.
   */
  @Override
  public void reset() throws IOException {
    super.reset();
    transfer.rewind(countAtMark);
  }

  /**
   * Hands the delegate a destination that counts each chunk as it passes, so that progress is live
   * during a long transfer, while the delegate keeps its own {@code transferTo}.
   */
  @Override
  public long transferTo(Writer out) throws IOException {
    transfer.checkNotCancelled();
    try {
      long n = super.transferTo(out == null ? null : new LiveCount(out, transfer));
      WrapperHooks.endOfStream(transfer);
      return n;
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

  /** The destination handed to the delegate's {@code transferTo}: counts, then forwards. */
  private static final class LiveCount extends Writer {
    private final Writer out;
    private final TransferImpl transfer;

    LiveCount(Writer out, TransferImpl transfer) {
      super(out);
      this.out = out;
      this.transfer = transfer;
    }

    @Override
    public void write(int c) throws IOException {
      transfer.checkNotCancelled();
      transfer.record(1); // the character has left the source
      out.write(c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      transfer.checkNotCancelled();
      if (len > 0) {
        transfer.record(len);
      }
      out.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      transfer.checkNotCancelled();
      if (len > 0) {
        transfer.record(len);
      }
      out.write(str, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
