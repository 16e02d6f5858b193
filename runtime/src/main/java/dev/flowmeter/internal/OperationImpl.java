// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Direction;
import dev.flowmeter.Kind;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Operation}: a transfer whose children are its stages, with the stage list, the current
 * stage and the ETA from history added to its events by {@link #decorate}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class OperationImpl extends ForwardingTransfer implements Operation {
  /*
   * Concurrency: adding, beginning and ending stages hold `stagesLock` (then take transfer
   * monitors, never the other way round), so a stage cannot begin while the operation ends. The
   * decorator runs under the operation's monitor and reads only volatile state of the stages
   * (status, share, start and end nanos, error): it never locks a stage.
   */
  private final Tracker tracker;
  private final Object stagesLock = new Object();
  private final List<StageImpl> stages = new CopyOnWriteArrayList<>();
  private volatile @Nullable StageImpl current; // the stage running, or the last one begun
  private final AtomicBoolean recorded = new AtomicBoolean();

  private OperationImpl(Tracker tracker, TransferImpl delegate) {
    super(delegate);
    this.tracker = tracker;
  }

  /** Starts an operation named {@code name} on {@code tracker}. */
  public static Operation start(Tracker tracker, String name) {
    Objects.requireNonNull(name, "name");
    tracker.history(); // read now, on the caller's thread, not by the first event's decorator
    TransferImpl record =
        tracker.create(
            null,
            "operation",
            name,
            Unit.BYTES,
            ProgressEvent.UNKNOWN,
            Map.of(),
            List.of(),
            1.0,
            Sources.API,
            Direction.UNKNOWN);
    OperationImpl operation = new OperationImpl(tracker, record);
    record.sumChildren();
    record.decorator(operation::decorate);
    record.onCancel(operation::record); // first: the history is saved before the user's actions
    record.start();
    return operation;
  }

  @Override
  public Stage addStage(String name) {
    return addStage(name, ProgressEvent.UNKNOWN, 1.0);
  }

  @Override
  public Stage addStage(String name, long totalBytes, double weight) {
    Objects.requireNonNull(name, "name");
    synchronized (stagesLock) {
      String bounded = Text.boundedName(name);
      for (StageImpl stage : stages) {
        if (stage.name().equals(bounded)) {
          throw new IllegalArgumentException(
              "the operation " + name() + " has a stage named " + name + " already");
        }
      }
      TransferImpl record =
          (TransferImpl)
              tracker
                  .builder()
                  .parent(delegate)
                  .operation("stage")
                  .name(name)
                  .totalBytes(totalBytes)
                  .weight(weight)
                  .pending();
      StageImpl stage = new StageImpl(this, record);
      record.stage();
      record.decorator(stage::decorate);
      stages.add(stage);
      if (delegate.isDone()) {
        record.cancel("the operation had ended", false);
      }
      return stage;
    }
  }

  @Override
  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  @Override
  public Optional<Stage> currentStage() {
    StageImpl stage = current;
    return stage != null && stage.status() != Status.PENDING && !stage.isDone()
        ? Optional.of(stage)
        : Optional.empty();
  }

  /** Begins {@code stage}, completing the one running; see {@link Stage#begin()}. */
  void begin(StageImpl stage) {
    synchronized (stagesLock) {
      if (stage.status() != Status.PENDING) {
        return;
      }
      StageImpl running = current;
      if (running != null && running != stage) {
        running.delegate.complete();
      }
      current = stage;
      stage.delegate.start();
    }
    changed();
  }

  /** A stage began or ended: the next sample shows the operation, moved or not. */
  void changed() {
    delegate.touch();
  }

  @Override
  public boolean complete() {
    boolean ended;
    synchronized (stagesLock) {
      StageImpl running = current;
      if (running != null) {
        running.delegate.complete();
      }
      endPending("skipped");
      ended = delegate.complete();
    }
    record();
    return ended;
  }

  @Override
  public boolean fail(String message) {
    Objects.requireNonNull(message, "message");
    boolean ended;
    synchronized (stagesLock) {
      StageImpl running = current;
      if (running != null) {
        running.delegate.fail(message);
      }
      endPending("not begun: the operation failed");
      ended = delegate.fail(message);
    }
    record();
    return ended;
  }

  /** Ends the stages never begun as cancelled with {@code reason}; the caller holds the lock. */
  private void endPending(String reason) {
    for (StageImpl stage : stages) {
      if (stage.status() == Status.PENDING) {
        // no I/O to stop, unless work was handed to the stage before it began
        stage.delegate.cancel(reason, stage.delegate.liveChildren() > 0);
      }
    }
  }

  /**
   * Records how long each completed stage took into the history and saves it, once, when the
   * operation ended (however it ended).
   */
  private void record() {
    if (!delegate.isDone() || !recorded.compareAndSet(false, true)) {
      return;
    }
    History history = tracker.history();
    if (history == null) {
      return;
    }
    boolean any = false;
    for (StageImpl stage : stages) {
      if (stage.status() == Status.COMPLETED) {
        history.record(name(), stage.name(), Duration.ofNanos(stage.delegate.elapsedNanos(0)));
        any = true;
      }
    }
    if (any) {
      history.save();
    }
  }

  /** Adds the stage list, the current stage and the ETA; see {@link EventDecorator}. */
  private void decorate(ProgressEvent.Builder event, long now) {
    event.kind(Kind.OPERATION);
    Status status = delegate.status();
    // the core cancels an operation before its stages: its final event shows them as they end
    String cancelled = status == Status.CANCELLED ? delegate.error() : null;
    List<ProgressEvent.StageState> states = new ArrayList<>(stages.size());
    for (StageImpl stage : stages) {
      states.add(stage.state(now, status == Status.CANCELLED, cancelled));
    }
    event.stages(states);
    StageImpl step = current;
    event.step(step == null ? null : step.name());
    if (!status.isFinal()) {
      event.eta(eta(now));
    }
  }

  /**
   * The running stage's remaining time plus the expected duration of each stage not begun; {@code
   * null} when one of them is unknown.
   */
  private @Nullable Duration eta(long now) {
    if (stages.isEmpty()) {
      return null;
    }
    History history = tracker.history();
    long nanos = 0;
    for (StageImpl stage : stages) {
      Status status = stage.status();
      long remaining;
      if (status.isFinal()) {
        continue;
      } else if (status == Status.PENDING) {
        Duration expected = expected(history, stage);
        remaining = expected == null ? -1 : expected.toNanos();
      } else {
        remaining = stage.remainingNanos(now, expected(history, stage));
      }
      if (remaining < 0) {
        return null;
      }
      nanos = nanos + remaining < 0 ? Long.MAX_VALUE : nanos + remaining;
    }
    return Duration.ofNanos(nanos);
  }

  private @Nullable Duration expected(@Nullable History history, StageImpl stage) {
    return history == null ? null : history.expected(name(), stage.name()).orElse(null);
  }
}
