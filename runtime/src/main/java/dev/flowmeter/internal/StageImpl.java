// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Kind;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Stage}: a child of its operation's record, begun through the operation so that one stage
 * runs at a time, and a parent for the transfers started inside it (through {@link Scope}).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class StageImpl extends ForwardingTransfer implements Stage {
  private volatile boolean begun; // begin() was called: its elapsed time is real
  private final OperationImpl owner;
  private volatile @Nullable String message;

  StageImpl(OperationImpl owner, TransferImpl delegate) {
    super(delegate);
    this.owner = owner;
  }

  @Override
  public Operation owner() {
    return owner;
  }

  @Override
  public Stage begin() {
    begun = true;
    owner.begin(this);
    return this;
  }

  @Override
  public void start() {
    begin();
  }

  @Override
  public boolean complete() {
    boolean ended = delegate.complete();
    owner.changed();
    return ended;
  }

  @Override
  public boolean fail(String message) {
    Objects.requireNonNull(message, "message");
    if (!delegate.fail(message)) {
      return false; // ended already (a cancel, say): the operation is not failed for it
    }
    owner.fail(name() + ": " + message);
    return true;
  }

  @Override
  public boolean cancel() {
    return cancel("cancelled");
  }

  @Override
  public boolean cancel(String reason) {
    boolean ended = delegate.cancel(reason);
    owner.changed();
    return ended;
  }

  @Override
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    try {
      call(Executors.callable(task));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // not reached: a Runnable throws no checked exception
    }
  }

  @Override
  public <T> T call(Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task");
    Status before = delegate.status();
    if (before == Status.CANCELLED) { // the operation was cancelled, or failed, or skipped it
      throw new CancellationException(
          "stage '" + name() + "' was cancelled: " + delegate.error() + "; its task did not run");
    }
    if (before.isFinal()) {
      throw new IllegalStateException(
          "stage '" + name() + "' already " + before.word() + "; its task did not run");
    }
    begin();
    T result;
    try {
      result = Scope.capture().withParent(delegate).call(task);
    } catch (Throwable t) {
      fail(t);
      throw t;
    }
    complete();
    return result;
  }

  @Override
  public Entered enter() {
    begin();
    Runnable close = Scope.capture().withParent(delegate).open();
    return close::run;
  }

  @Override
  public Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(Scope.capture().withParent(delegate).wrap(task));
  }

  @Override
  public void message(@Nullable String message) {
    this.message = message == null ? null : Text.boundedName(message);
  }

  /** Adds the stage's kind and message; see {@link EventDecorator}. */
  void decorate(ProgressEvent.Builder event, long now) {
    event.kind(Kind.STAGE).message(shownMessage());
  }

  private @Nullable String shownMessage() {
    String error = delegate.status().isFinal() ? delegate.error() : null;
    return error != null ? error : message;
  }

  /**
   * The stage as its operation's event shows it, read without locking the stage; a stage not ended
   * yet of a cancelled operation shows as cancelled with the operation's reason (the core ends it
   * right after the operation).
   */
  ProgressEvent.StageState state(long now, boolean operationCancelled, @Nullable String reason) {
    Status status = delegate.status();
    String shown = shownMessage();
    if (operationCancelled && !status.isFinal()) {
      status = Status.CANCELLED;
      shown = reason;
    }
    double share = status == Status.COMPLETED ? 1 : delegate.fractionDone();
    if (status == Status.STARTING && (share > 0 || delegate.bytes() > 0)) {
      status = Status.IN_PROGRESS; // as the stage's own snapshot says, before the reporter noticed
    }
    // a stage ended without ever beginning (skipped, or cancelled with its operation) took no time
    long elapsed = begun || status != Status.CANCELLED ? delegate.elapsedNanos(now) : 0;
    return new ProgressEvent.StageState(name(), status, share, Duration.ofNanos(elapsed), shown);
  }

  /**
   * The running stage's remaining time in nanoseconds: from its share done and the time it took,
   * and, when {@code expected} is known, blended with what {@code expected} leaves of the time it
   * took, each weighted by how much of the stage is done (early in a stage its first seconds'
   * throughput says little, and the earlier runs more; late in it, the throughput says most); when
   * its share is unknown or still 0, what {@code expected} leaves; -1 when neither is known. Once
   * the stage has run past {@code expected}, the history is not used: it says nothing more of the
   * rest (it would say 0 s, however long the stage runs on).
   */
  long remainingNanos(long now, @Nullable Duration expected) {
    double share = delegate.fractionDone();
    long elapsed = delegate.elapsedNanos(now);
    if (share >= 1) {
      return 0;
    }
    // a stage past its expected duration: the history no longer says how much is left
    long fromHistory =
        expected == null || elapsed >= expected.toNanos() ? -1 : expected.toNanos() - elapsed;
    if (share > 0 && elapsed > 0) {
      double fromThroughput = elapsed * (1 - share) / share;
      return fromHistory < 0
          ? (long) fromThroughput
          : (long) (share * fromThroughput + (1 - share) * fromHistory);
    }
    return fromHistory;
  }
}
