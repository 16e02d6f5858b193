// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Transfer} that passes every call to the core transfer behind it; the base of the family
 * members (a group, its files) that add methods of their own to a transfer.
 *
 * <p>This class is internal and is hence not for public use. Its API may change at any time.
 */
public abstract class ForwardingTransfer implements Transfer {
  private final TransferImpl core;

  ForwardingTransfer(TransferImpl core) {
    this.core = core;
  }

  /** The core transfer: what a child's builder takes as parent. */
  public final TransferImpl core() {
    return core;
  }

  @Override
  public long id() {
    return core.id();
  }

  @Override
  public long parentId() {
    return core.parentId();
  }

  @Override
  public String operation() {
    return core.operation();
  }

  @Override
  public String name() {
    return core.name();
  }

  @Override
  public Unit unit() {
    return core.unit();
  }

  @Override
  public Map<String, String> attributes() {
    return core.attributes();
  }

  @Override
  public Status status() {
    return core.status();
  }

  @Override
  public long bytes() {
    return core.bytes();
  }

  @Override
  public long totalBytes() {
    return core.totalBytes();
  }

  @Override
  public void totalBytes(long totalBytes) {
    core.totalBytes(totalBytes);
  }

  @Override
  public void advance(long count) {
    core.advance(count);
  }

  @Override
  public void progress(long position) {
    core.progress(position);
  }

  @Override
  public void fraction(double fraction) {
    core.fraction(fraction);
  }

  @Override
  public double weight() {
    return core.weight();
  }

  @Override
  public void start() {
    core.start();
  }

  @Override
  public boolean saving() {
    return core.saving();
  }

  @Override
  public boolean complete() {
    return core.complete();
  }

  /**
   * Fails with the error's message (or its class name) through {@link #fail(String)}, so that a
   * subclass that fails in its own way does so for both.
   */
  @Override
  public boolean fail(Throwable error) {
    Objects.requireNonNull(error, "error");
    String text = UserCode.message(error); // the application's getMessage() may throw
    return fail(text == null || text.isBlank() ? error.getClass().getName() : text);
  }

  @Override
  public boolean fail(String message) {
    return core.fail(message);
  }

  @Override
  public boolean cancel() {
    return core.cancel();
  }

  @Override
  public boolean cancel(String reason) {
    return core.cancel(reason);
  }

  @Override
  public void onCancel(Runnable action) {
    core.onCancel(action);
  }

  @Override
  public ProgressEvent snapshot() {
    return core.snapshot();
  }

  @Override
  public void addListener(ProgressListener listener) {
    core.addListener(listener);
  }

  @Override
  public TransferBuilder child() {
    return core.child();
  }

  @Override
  public String toString() {
    return core.toString();
  }
}
