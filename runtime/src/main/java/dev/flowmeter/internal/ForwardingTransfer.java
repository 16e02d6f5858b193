// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import java.util.Map;

/**
 * A transfer that forwards every call to the tracker's record of it: the base of the transfers with
 * a family's own methods (an operation, a stage), which override the calls their family changes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public abstract class ForwardingTransfer implements Transfer {
  final TransferImpl delegate;

  ForwardingTransfer(TransferImpl delegate) {
    this.delegate = delegate;
  }

  /**
   * The tracker's record behind {@code transfer}, or {@code null} when Flowmeter did not make it.
   */
  public static @org.jspecify.annotations.Nullable TransferImpl recordOf(Transfer transfer) {
    if (transfer instanceof TransferImpl) {
      return (TransferImpl) transfer;
    }
    return transfer instanceof ForwardingTransfer ? ((ForwardingTransfer) transfer).delegate : null;
  }

  @Override
  public long id() {
    return delegate.id();
  }

  @Override
  public long parentId() {
    return delegate.parentId();
  }

  @Override
  public String operation() {
    return delegate.operation();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Unit unit() {
    return delegate.unit();
  }

  @Override
  public Map<String, String> attributes() {
    return delegate.attributes();
  }

  @Override
  public Status status() {
    return delegate.status();
  }

  @Override
  public long bytes() {
    return delegate.bytes();
  }

  @Override
  public long totalBytes() {
    return delegate.totalBytes();
  }

  @Override
  public void totalBytes(long totalBytes) {
    delegate.totalBytes(totalBytes);
  }

  @Override
  public void advance(long count) {
    delegate.advance(count);
  }

  @Override
  public void progress(long position) {
    delegate.progress(position);
  }

  @Override
  public void fraction(double fraction) {
    delegate.fraction(fraction);
  }

  @Override
  public double weight() {
    return delegate.weight();
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public boolean saving() {
    return delegate.saving();
  }

  @Override
  public boolean complete() {
    return delegate.complete();
  }

  @Override
  public boolean fail(Throwable error) {
    return fail(TransferImpl.failureMessage(error)); // one way to fail, which a family overrides
  }

  @Override
  public boolean fail(String message) {
    return delegate.fail(message);
  }

  @Override
  public boolean cancel() {
    return delegate.cancel();
  }

  @Override
  public boolean cancel(String reason) {
    return delegate.cancel(reason);
  }

  @Override
  public void onCancel(Runnable action) {
    delegate.onCancel(action);
  }

  @Override
  public ProgressEvent snapshot() {
    return delegate.snapshot();
  }

  @Override
  public void addListener(ProgressListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public TransferBuilder child() {
    return delegate.child();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
