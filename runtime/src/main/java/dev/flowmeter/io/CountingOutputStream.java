// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;

/**
 * An output stream that counts the bytes written through it into a {@link TransferImpl}, and ends
 * the transfer on close or on failure.
 *
 * <p>A write is counted once the delegate accepted it; a write that throws is not counted and marks
 * the transfer failed, and the exception reaches the caller unchanged (the same instance). A write
 * the delegate refuses for its arguments (a bad range, a {@code null} array) leaves the transfer
 * running, as the raw stream would be; see {@link WrapperHooks#threw}. Bulk writes reach the
 * delegate as bulk writes.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, each {@code write} throws
 * {@link java.io.InterruptedIOException} before it reaches the delegate; {@code flush} and {@code
 * close} still reach it, so what was written stays written.
 *
 * <p>Thread-safety: like the streams it wraps, not for concurrent use. The transfer's count has
 * exactly one writer, this stream.
 */
final class CountingOutputStream extends ForwardingOutputStream implements Counted {
  /*
   * Design notes
   *
   * Hot path: each write is a cancel check (a plain load; see TransferImpl), the delegate call
   * and one transfer.record(n) (a plain add). The try/catch is free unless the delegate throws;
   * Reference.reachabilityFence(this) compiles to nothing and keeps the wrapper reachable while
   * the delegate blocks (see CountingInputStream).
   */
  private final TransferImpl transfer;

  private CountingOutputStream(OutputStream delegate, TransferImpl transfer) {
    super(delegate);
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static OutputStream create(OutputStream delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingOutputStream(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public void write(int b) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(b);
      transfer.record(1);
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(byte[] b) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(b);
      if (b != null && b.length > 0) { // a delegate may accept null; it wrote nothing then
        transfer.record(b.length);
      }
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    transfer.checkNotCancelled();
    try {
      super.write(b, off, len);
      if (len > 0) {
        transfer.record(len);
      }
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
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
