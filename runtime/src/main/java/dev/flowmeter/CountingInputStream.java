// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;

/**
 * An input stream that counts the bytes read (and skipped) through it into a {@link TransferImpl},
 * and ends the transfer at end of stream, on close, or on failure.
 *
 * <p>Every method returns exactly what the delegate returns and throws exactly what it throws (the
 * same instance). A {@code reset()} rewinds the count to its value at {@code mark()}, so bytes read
 * twice are counted once; a negative {@code skip} result (a file stream skipping backwards) lowers
 * the count, so the count is always the position reached.
 *
 * <p>Thread-safety: like the streams it wraps, not for concurrent use. The transfer's count has
 * exactly one writer, this stream.
 */
final class CountingInputStream extends ForwardingInputStream {
  /*
   * Design notes
   *
   * Hot path: read() and read(byte[], int, int) make the delegate call and then one
   * transfer.record(n), a plain add with opaque access. No clock, no lock, no allocation, no
   * volatile write. The try/catch costs nothing unless the delegate throws. End of stream (-1)
   * is the rare branch that calls into the transfer's lifecycle.
   *
   * Reachability: every delegating method ends with Reference.reachabilityFence(this), which
   * compiles to nothing but keeps this wrapper reachable while the delegate blocks. Otherwise,
   * in `wrap(in).transferTo(out)`, where nobody else holds the wrapper, the Cleaner registered
   * for abandoned streams could cancel a transfer that is still running.
   *
   * State: countAtMark is the only mutable field; it is written by mark() and read by reset(),
   * both on the thread that owns the stream.
   */
  private final TransferImpl transfer;
  private long countAtMark;

  private CountingInputStream(InputStream delegate, TransferImpl transfer) {
    super(delegate);
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static InputStream create(InputStream delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingInputStream(delegate, transfer), transfer);
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b >= 0) {
        transfer.record(1);
      } else {
        WrapperHooks.endOfStream(transfer);
      }
      return b;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(byte[] b) throws IOException {
    try {
      return counted(super.read(b));
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return counted(super.read(b, off, len));
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
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
  public byte[] readAllBytes() throws IOException {
    try {
      byte[] all = super.readAllBytes();
      if (all.length > 0) {
        transfer.record(all.length);
      }
      WrapperHooks.endOfStream(transfer);
      return all;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public byte[] readNBytes(int len) throws IOException {
    try {
      byte[] some = super.readNBytes(len);
      if (some.length > 0) {
        transfer.record(some.length);
      }
      if (some.length < len) { // fewer than asked: the delegate reached its end
        WrapperHooks.endOfStream(transfer);
      }
      return some;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int readNBytes(byte[] b, int off, int len) throws IOException {
    try {
      int n = super.readNBytes(b, off, len);
      if (n > 0) {
        transfer.record(n);
      }
      if (n < len) { // fewer than asked: the delegate reached its end
        WrapperHooks.endOfStream(transfer);
      }
      return n;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = super.skip(n);
      if (skipped != 0) { // negative when a file stream skipped backwards
        transfer.record(skipped);
      }
      return skipped;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void skipNBytes(long n) throws IOException {
    try {
      super.skipNBytes(n);
      if (n > 0) {
        transfer.record(n);
      }
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Marks the delegate, then remembers the count. A delegate that does not support marks ignores
   * the call, and its {@code reset()} then throws, which leaves the count alone.
   */
  @Override
  public void mark(int readlimit) {
    super.mark(readlimit);
    countAtMark = transfer.bytes();
  }

  /**
   * Resets the delegate and, if that succeeded, rewinds the count to its value at the last {@code
   * mark()} (0 when there was none: a {@link java.io.ByteArrayInputStream} resets to its start).
   *
   * <p>A reset that throws (no mark, mark invalidated, marks not supported) changes nothing, the
   * transfer's status included: it says the caller's mark is unusable, not that the transfer broke,
   * and callers commonly recover from it.
   */
  @Override
  public void reset() throws IOException {
    super.reset();
    transfer.rewind(countAtMark);
  }

  /**
   * Hands the delegate a destination that counts each chunk as it passes, so that progress is live
   * during a long transfer, while the delegate keeps its own {@code transferTo} (and its
   * exceptions).
   *
   * <p>Limit: a delegate that would recognise the destination's class to take a faster path (a
   * file-to-file copy, say) sees the counting destination instead and takes its ordinary path.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    try {
      long n = super.transferTo(out == null ? null : new LiveCount(out, transfer));
      WrapperHooks.endOfStream(transfer);
      return n;
    } catch (Throwable e) {
      WrapperHooks.failed(transfer, e);
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
      WrapperHooks.failed(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
    WrapperHooks.closed(transfer);
  }

  /** The destination handed to the delegate's {@code transferTo}: counts, then forwards. */
  private static final class LiveCount extends OutputStream {
    private final OutputStream out;
    private final TransferImpl transfer;

    LiveCount(OutputStream out, TransferImpl transfer) {
      this.out = out;
      this.transfer = transfer;
    }

    @Override
    public void write(int b) throws IOException {
      transfer.record(1); // the byte has left the source
      out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
      if (b != null && b.length > 0) {
        transfer.record(b.length);
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        transfer.record(len);
      }
      out.write(b, off, len);
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
