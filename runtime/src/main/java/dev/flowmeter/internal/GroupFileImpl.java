// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One file of a {@link FileGroupImpl}: its step in the group's vocabulary, its message, and the
 * mapping of its progress into the step's percentage range.
 *
 * <p>Concurrency: the step is one immutable {@link At} in a volatile field, replaced under this
 * object's monitor; the ends ({@code complete}, {@code fail}) run under the same monitor, so the
 * message a failed file shows is the one of the call that failed it. The event decorator and the
 * share map read volatile fields only: they run under the core's monitor and must lock nothing.
 */
final class GroupFileImpl extends ForwardingTransfer implements GroupFile {
  private final FileGroupImpl group;
  private final FileSteps steps;
  private volatile @Nullable At at; // null while no step was taken
  private volatile @Nullable String message;
  private volatile @Nullable String failMessage; // written under this object's monitor

  /**
   * Where a file is: its step, the core's own share when the step began (-1 unknown), and the
   * fraction of the step said by the application (-1: from the bytes counted since it began).
   */
  private record At(FileSteps.Step step, double entryShare, double within) {}

  private GroupFileImpl(FileGroupImpl group, TransferImpl core, FileSteps steps) {
    super(core);
    this.group = group;
    this.steps = steps;
  }

  /** Makes the file of {@code core}, a pending child of {@code group}'s core. */
  static GroupFileImpl of(FileGroupImpl group, TransferImpl core, FileSteps steps) {
    GroupFileImpl file = new GroupFileImpl(group, core, steps);
    core.decorator(file::decorate);
    if (steps.isRanged()) {
      core.shareMap(file::share);
    }
    core.onCancel(() -> group.fileEnded(file, Status.CANCELLED, null));
    return file;
  }

  @Override
  public FileGroup group() {
    return group;
  }

  @Override
  public void start() {
    synchronized (this) {
      if (at == null && !delegate.isDone()) {
        at = new At(steps.steps().get(0), delegate.ownFractionDone(), -1);
      }
    }
    delegate.start();
  }

  @Override
  public void step(String word) {
    moveTo(steps.step(word), -1);
  }

  @Override
  public void step(String word, double fractionOfStep) {
    moveTo(steps.step(word), checkFraction(fractionOfStep));
  }

  @Override
  public void fraction(double fraction) {
    double within = checkFraction(fraction);
    if (!steps.isRanged()) {
      delegate.fraction(within);
      return;
    }
    synchronized (this) {
      At now = at;
      if (!delegate.isDone()) {
        at =
            now == null
                ? new At(steps.steps().get(0), delegate.ownFractionDone(), within)
                : new At(now.step(), now.entryShare(), within);
      }
    }
  }

  private void moveTo(FileSteps.Step step, double within) {
    synchronized (this) {
      if (delegate.isDone()) {
        return;
      }
      at = new At(step, delegate.ownFractionDone(), within);
      if (!steps.isRanged() && within >= 0) {
        delegate.fraction(within);
      }
    }
    delegate.start();
  }

  private static double checkFraction(double fraction) {
    if (!Double.isFinite(fraction)) {
      throw new IllegalArgumentException("fraction must be a number from 0 to 1, not " + fraction);
    }
    return Math.max(0, Math.min(1, fraction));
  }

  @Override
  public Optional<String> step() {
    return Optional.ofNullable(word(delegate.status()));
  }

  private @Nullable String word(Status status) {
    if (status == Status.COMPLETED) {
      return steps.completedWord();
    }
    if (status == Status.FAILED) {
      return steps.errorWord();
    }
    At now = at;
    return now == null ? null : now.step().word();
  }

  @Override
  public void message(@Nullable String message) {
    this.message = message;
  }

  @Override
  public Optional<String> message() {
    String failed = delegate.status() == Status.FAILED ? failMessage : null;
    return Optional.ofNullable(failed != null ? failed : message);
  }

  @Override
  public boolean complete() {
    boolean ended;
    synchronized (this) {
      ended = delegate.complete();
    }
    if (ended) {
      group.fileEnded(this, Status.COMPLETED, null);
    }
    return ended;
  }

  @Override
  public boolean fail(String message) {
    Objects.requireNonNull(message, "message");
    boolean ended;
    synchronized (this) {
      if (delegate.isDone()) {
        return false;
      }
      failMessage = message;
      ended = delegate.fail(message);
    }
    if (ended) {
      group.fileEnded(this, Status.FAILED, message);
    }
    return ended;
  }

  /** The file's share done with its step's range applied to {@code own}, the core's own share. */
  private double share(double own) {
    At now = at;
    if (now == null) {
      return 0; // started, not yet at a step: nothing of any range is done
    }
    double within = now.within();
    if (within < 0) { // from the bytes counted since the step began
      double entry = Math.max(0, now.entryShare());
      within = own < 0 || entry >= 1 ? 0 : Math.max(0, (own - entry) / (1 - entry));
    }
    FileSteps.Step step = now.step();
    double from = step.fromPercent();
    return (from + (step.toPercent() - from) * Math.min(1, within)) / 100;
  }

  private void decorate(ProgressEvent.Builder event, long nanoTime) {
    Status status = delegate.status();
    String failed = status == Status.FAILED ? failMessage : null;
    event.kind(Kind.FILE).step(word(status)).message(failed != null ? failed : message);
  }
}
