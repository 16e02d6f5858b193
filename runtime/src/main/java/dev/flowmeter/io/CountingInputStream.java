// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.channels.FileChannel;

/**
 * An input stream that counts the bytes read (and skipped) through it into a {@link TransferImpl},
 * and ends the transfer at end of stream, on close, or on failure.
 *
 * <p>Every method returns exactly what the delegate returns and throws exactly what it throws (the
 * same instance). A {@code reset()} rewinds the count to its value at {@code mark()}, so bytes read
 * twice are counted once; a negative {@code skip} result (a file stream skipping backwards) lowers
 * the count, so the count is always the position reached.
 *
 * <p>A skip counts only what the stream really passed over, where that can be known: {@link
 * FileInputStream#skip} may move past the end of its file and still answer the full count, so for a
 * {@code FileInputStream} delegate the count grows by no more than what was left of the file before
 * the skip (its size less its position); for any other delegate whose transfer has a known total,
 * by no more than the total less the count. The value returned to the caller is always the
 * delegate's own.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, every method that moves
 * data ({@code read}, {@code readNBytes}, {@code readAllBytes}, {@code skip}, {@code skipNBytes},
 * {@code transferTo} and each chunk of a running {@code transferTo}) throws {@link
 * java.io.InterruptedIOException} before it reaches the delegate; the other methods, {@code close}
 * above all, still reach it. An exception the delegate throws for the caller's arguments leaves the
 * transfer running; see {@link WrapperHooks#threw}.
 *
 * <p>Thread-safety: like the streams it wraps, not for concurrent use. The transfer's count has
 * exactly one writer, this stream.
 */
final class CountingInputStream extends ForwardingInputStream implements Counted {
  /*
   * Design notes
   *
   * Hot path: read() and read(byte[], int, int) check for a cancel (a plain load; see
   * TransferImpl), make the delegate call and then one transfer.record(n), a plain add. No
   * clock, no lock, no allocation, no volatile write. The try/catch costs nothing unless the
   * delegate throws. End of stream (-1) is the rare branch that calls into the transfer's
   * lifecycle.
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
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public int read() throws IOException {
    transfer.checkNotCancelled();
    try {
      int b = super.read();
      if (b >= 0) {
        transfer.record(1);
      } else {
        WrapperHooks.endOfStream(transfer);
      }
      return b;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(byte[] b) throws IOException {
    transfer.checkNotCancelled();
    try {
      return counted(super.read(b));
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    transfer.checkNotCancelled();
    try {
      return counted(super.read(b, off, len));
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
  public byte[] readAllBytes() throws IOException {
    transfer.checkNotCancelled();
    try {
      byte[] all = super.readAllBytes();
      if (all.length > 0) {
        transfer.record(all.length);
      }
      WrapperHooks.endOfStream(transfer);
      return all;
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public byte[] readNBytes(int len) throws IOException {
    transfer.checkNotCancelled();
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
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public int readNBytes(byte[] b, int off, int len) throws IOException {
    transfer.checkNotCancelled();
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
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    transfer.checkNotCancelled();
    try {
      long room = n != 0 ? room() : 0; // measured before the skip moves
      long skipped = super.skip(n);
      if (skipped != 0) { // negative when a file stream skipped backwards
        transfer.record(passedOver(skipped, room));
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
  public void skipNBytes(long n) throws IOException {
    transfer.checkNotCancelled();
    try {
      long room = n > 0 ? room() : 0; // measured before the skip moves
      super.skipNBytes(n);
      if (n > 0) {
        transfer.record(passedOver(n, room));
      }
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * How far the end is from here, as far as can be known: for a {@link FileInputStream}, its file's
   * size less its position (negative once a skip went past the end); otherwise, while the transfer
   * runs, its known total less the count; otherwise no limit ({@code Long.MAX_VALUE}). See the
   * class comment.
   */
  private long room() {
    if (delegate instanceof FileInputStream) {
      try {
        FileChannel file = ((FileInputStream) delegate).getChannel();
        return file.size() - file.position();
      } catch (IOException | RuntimeException e) {
        // not a regular file (a pipe, a device): fall back to the total
      }
    }
    long total = transfer.totalBytes();
    // once ended, the total may be just what moved (set on completion): no longer a limit
    return total >= 0 && !transfer.isDone() ? total - transfer.bytes() : Long.MAX_VALUE;
  }

  /**
   * The part of a skip of {@code skipped} bytes (negative: backwards) that lies within the stream,
   * from a place {@code room} bytes before its end (negative: past it). The count follows the
   * position clamped to the end, so a skip past the end and back again cancels out.
   */
  private static long passedOver(long skipped, long room) {
    return room >= 0 ? Math.min(skipped, room) : Math.min(skipped - room, 0);
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
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
  private static final class LiveCount extends OutputStream {
    private final OutputStream out;
    private final TransferImpl transfer;

    LiveCount(OutputStream out, TransferImpl transfer) {
      this.out = out;
      this.transfer = transfer;
    }

    @Override
    public void write(int b) throws IOException {
      transfer.checkNotCancelled();
      transfer.record(1); // the byte has left the source
      out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
      transfer.checkNotCancelled();
      if (b != null && b.length > 0) {
        transfer.record(b.length);
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      transfer.checkNotCancelled();
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
