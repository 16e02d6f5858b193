// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * A readable channel that counts the bytes read through it into a {@link TransferImpl}, and ends
 * the transfer at end of stream, on close, or on failure.
 *
 * <p>Every method returns exactly what the delegate returns and throws exactly what it throws (the
 * same instance). The wrapper is a plain {@link ReadableByteChannel}: extra interfaces of the
 * delegate (seeking, scattering) are not exposed.
 *
 * <p>Once the transfer is {@linkplain Transfer#cancel(String) cancelled}, {@code read} throws
 * {@link java.io.InterruptedIOException} before it reaches the delegate, which stays open (unlike
 * an interrupt, which closes an interruptible channel); {@code close} still closes it. A call the
 * delegate refuses for its arguments (a {@code null} buffer) leaves the transfer running.
 *
 * <p>Thread-safety: a read has one writer of the count, so concurrent reads through one wrapper may
 * lose counts (never bytes); channels are rarely read from several threads at once.
 */
final class CountingReadableChannel implements ReadableByteChannel, Counted {
  private final ReadableByteChannel delegate;
  private final TransferImpl transfer;

  private CountingReadableChannel(ReadableByteChannel delegate, TransferImpl transfer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.transfer = transfer;
  }

  /** Wraps {@code delegate}, counting into {@code transfer}, and registers it for cleanup. */
  static ReadableByteChannel create(ReadableByteChannel delegate, TransferImpl transfer) {
    return WrapperHooks.register(new CountingReadableChannel(delegate, transfer), transfer);
  }

  @Override
  public TransferImpl transfer() {
    return transfer;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    transfer.checkNotCancelled();
    try {
      int n = delegate.read(dst);
      if (n > 0) {
        transfer.record(n);
      } else if (n < 0) {
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
    return "CountingReadableChannel(" + delegate + ")";
  }
}
