// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A writable channel that counts the bytes written through it into a {@link TransferImpl}, and ends
 * the transfer on close or on failure.
 *
 * <p>Every method returns exactly what the delegate returns and throws exactly what it throws (the
 * same instance). The count is the delegate's return value: the bytes it actually took, which a
 * non-blocking channel may make fewer than the buffer held.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, {@code write} throws
 * {@link java.io.InterruptedIOException} before it reaches the delegate, which stays open (unlike
 * an interrupt, which closes an interruptible channel); {@code close} still closes it. A call the
 * delegate refuses for its arguments (a {@code null} buffer) leaves the transfer running.
 *
 * <p>Thread-safety: a write has one writer of the count, so concurrent writes through one wrapper
 * may lose counts (never bytes).
 */
final class CountingWritableChannel implements WritableByteChannel, Counted {
  private final WritableByteChannel delegate;
  private final TransferImpl transfer;

  private CountingWritableChannel(WritableByteChannel delegate, TransferImpl transfer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static WritableByteChannel create(WritableByteChannel delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingWritableChannel(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    transfer.checkNotCancelled();
    try {
      int n = delegate.write(src);
      if (n > 0) {
        transfer.record(n);
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
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      delegate.close();
    } catch (Throwable e) {
      WrapperHooks.threw(transfer, e);
      throw e;
    } finally {
      Reference.reachabilityFence(this);
    }
    WrapperHooks.closed(transfer);
  }

  @Override
  public String toString() {
    return "CountingWritableChannel(" + delegate + ")";
  }
}
