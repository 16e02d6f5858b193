// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The tracker's record of one transfer: the counter the hot path adds to, the status, and the
 * reporter's speed state.
 */
final class TransferImpl implements Transfer {
  /*
  * Design notes
  *
  * Hot path: a counting stream calls record(n), which is one plain add to `count`: no fence, no
  * lock, no allocation. An opaque or release access here would halve the throughput of
  * single-byte reads (measured in benchmarks/: C2 keeps neighbouring fields out of registers
  * around such an access). The reporter reads `count` with getOpaque; 64-bit JVMs write longs
  * whole, so it sees a value the stream really had (on a 32-bit JVM a sample may, rarely, read
  * a torn value, which the next sample corrects; the final event is taken on the stream's own
  * thread and is always exact). Each wrapped stream is the only writer of its transfer's count;
  * advance(n), for hand counting from any number of threads, uses an atomic getAndAdd instead,
  * and the two must not be mixed on one transfer.

  * Concurrency: status changes and the reporter's sampling both hold this object's monitor, and
  * both hand their events to the dispatchers while holding it. So a progress snapshot is either
  * queued before a lifecycle event of the same transfer or sees its final status and is not
  * queued at all: sinks never see progress after the end.
  *
  * Speed: the reporter thread alone touches the fields below "reporter state".
  */
  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(TransferImpl.class, "count", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private long count; // plain writes by the owning stream, atomic ones by advance(); see notes

  private final Tracker tracker;
  private final long id;
  private final @Nullable TransferImpl parent;
  private final String operation;
  private final String name;
  private final Unit unit;
  private final Map<String, String> attributes;
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private volatile long totalBytes;
  private final double weight;
  // the caller's own fraction (Transfer.fraction), or -1 when the count and total say it
  private volatile double fraction = -1;
  // children, for the weighted aggregate: a lock of its own, never held with a transfer monitor
  private final Object family = new Object();
  private @Nullable List<TransferImpl> liveChildren; // guarded by family
  private double endedWeight; // guarded by family: the weight of the children that ended
  private double endedShare; // guarded by family: their weight times their last fraction
  // true while a tracked call (TrackedCall) decides when the transfer ends, not its wrappers
  private volatile boolean endedByCall;

  // guarded by this
  private volatile Status status = Status.PENDING;
  private @Nullable String error;
  private long startNanos;
  private Instant startTime = Instant.EPOCH;
  private long endNanos;
  private Instant endTime = Instant.EPOCH;
  private @Nullable ProgressEvent finalEvent;

  // reporter state: reporter thread only (and the final event, under the monitor)
  private final SpeedMeter speedMeter;
  private long lastEmitNanos;
  private long lastEmitCount = -1;

  TransferImpl(
      Tracker tracker,
      long id,
      @Nullable TransferImpl parent,
      String operation,
      String name,
      Unit unit,
      long totalBytes,
      Map<String, String> attributes,
      List<ProgressListener> listeners,
      double weight) {
    this.tracker = tracker;
    this.weight = weight;
    this.id = id;
    this.parent = parent;
    this.operation = operation;
    this.name = name;
    this.unit = unit;
    this.totalBytes = totalBytes < 0 ? ProgressEvent.UNKNOWN : totalBytes;
    this.attributes = attributes.isEmpty() ? Map.of() : Map.copyOf(attributes);
    this.listeners.addAll(listeners);
    this.speedMeter = new SpeedMeter(tracker.smoothing());
  }

  // ---------------------------------------------------------------- hot path (counting streams)

  /** Adds {@code n} to the count. The calling stream must be the only writer. */
  void record(long n) {
    count += n;
  }

  /** Sets the count back to {@code value}, after a {@code reset()} of a marked stream. */
  void rewind(long value) {
    count = value;
  }

  /** End of stream was reached: completes the transfer when its total is known. */
  void endOfStream() {
    if (totalBytes >= 0) {
      complete();
    }
  }

  /**
   * Whether the transfer's end is decided by a tracked call ({@link TrackedCall}) rather than by
   * the wrappers that count into it: then close, end of stream and stream failures leave it
   * running.
   */
  boolean endedByCall() {
    return endedByCall;
  }

  /** Sets who ends the transfer: a tracked call ({@code true}) or its wrappers. */
  void endedByCall(boolean byCall) {
    this.endedByCall = byCall;
  }

  // ---------------------------------------------------------------- Transfer

  @Override
  public long id() {
    return id;
  }

  @Override
  public long parentId() {
    return parent == null ? 0 : parent.id;
  }

  @Nullable TransferImpl parent() {
    return parent;
  }

  /** The tracker this transfer belongs to (wrappers register with its cleaner). */
  Tracker tracker() {
    return tracker;
  }

  @Override
  public String operation() {
    return operation;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Unit unit() {
    return unit;
  }

  @Override
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public Status status() {
    return status;
  }

  @Override
  public long bytes() {
    return (long) COUNT.getOpaque(this);
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void totalBytes(long total) {
    this.totalBytes = total < 0 ? ProgressEvent.UNKNOWN : total;
  }

  @Override
  public void advance(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("count must not be negative: " + n);
    }
    if (!status.isFinal()) {
      COUNT.getAndAdd(this, n);
    }
  }

  @Override
  public void progress(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative: " + position);
    }
    if (!status.isFinal()) {
      COUNT.setVolatile(this, position);
    }
  }

  @Override
  public void fraction(double fraction) {
    if (Double.isNaN(fraction)) {
      throw new IllegalArgumentException("fraction must be a number from 0 to 1, not NaN");
    }
    if (!status.isFinal()) {
      this.fraction = Math.max(0, Math.min(1, fraction));
    }
  }

  @Override
  public double weight() {
    return weight;
  }

  // ---------------------------------------------------------------- children and the aggregate

  /** Adds a child that has just been created; its share counts from now on. */
  void adopt(TransferImpl child) {
    synchronized (family) {
      if (liveChildren == null) {
        liveChildren = new ArrayList<>(2);
      }
      liveChildren.add(child);
    }
  }

  /** A child ended: its last fraction, weighted, is kept and the child itself dropped. */
  void childEnded(TransferImpl child, double lastFraction) {
    synchronized (family) {
      if (liveChildren != null && liveChildren.remove(child)) {
        endedWeight += child.weight;
        endedShare += child.weight * Math.max(0, lastFraction);
      }
    }
  }

  /** The live children now, oldest first; a copy. */
  List<TransferImpl> liveChildren() {
    synchronized (family) {
      return liveChildren == null ? List.of() : new ArrayList<>(liveChildren);
    }
  }

  /**
   * The share done, from 0 to 1, or -1 when unknown. In order: the caller's own fraction ({@link
   * #fraction(double)}); with children, their weighted mean (a child that ended counts with its
   * last fraction, a running child of unknown fraction makes the whole unknown); otherwise the
   * count over a known total. A completed transfer is done.
   */
  double fractionDone() {
    Status s = status;
    if (s == Status.COMPLETED) {
      return 1;
    }
    double own = fraction;
    if (own >= 0) {
      return own;
    }
    if (s == Status.PENDING) {
      return 0; // not started: nothing of it is done, whatever its total
    }
    double weights;
    double share;
    List<TransferImpl> live;
    synchronized (family) {
      if (liveChildren == null) {
        return countFraction();
      }
      weights = endedWeight;
      share = endedShare;
      live = liveChildren.isEmpty() ? List.of() : new ArrayList<>(liveChildren);
    }
    for (TransferImpl child : live) {
      double f = child.fractionDone();
      if (f < 0) {
        return -1;
      }
      weights += child.weight;
      share += child.weight * f;
    }
    return weights > 0 ? share / weights : countFraction();
  }

  private double countFraction() {
    long total = totalBytes;
    if (total < 0) {
      return -1;
    }
    long c = bytes();
    return total == 0 || c >= total ? 1 : (double) c / total;
  }

  /** Whether the share done is said by the caller or by children rather than by the count. */
  private boolean fractionDriven() {
    if (fraction >= 0) {
      return true;
    }
    synchronized (family) {
      return liveChildren != null;
    }
  }

  @Override
  public void start() {
    synchronized (this) {
      if (status != Status.PENDING) {
        return;
      }
      startNanos = tracker.nanoTime();
      startTime = tracker.now();
      status = Status.STARTING;
      speedMeter.start(startNanos);
      tracker.started(this, lifecycleEvent(startNanos, startTime));
    }
  }

  @Override
  public boolean saving() {
    synchronized (this) {
      if (status.isFinal() || status == Status.SAVING) {
        return false;
      }
      if (status == Status.PENDING) {
        start();
      }
      status = Status.SAVING;
      tracker.emitLifecycle(this, lifecycleEvent(tracker.nanoTime(), tracker.now()));
      return true;
    }
  }

  @Override
  public boolean complete() {
    return finish(Status.COMPLETED, null);
  }

  @Override
  public boolean fail(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    String message = failure.getMessage();
    return finish(
        Status.FAILED,
        message == null || message.isBlank() ? failure.getClass().getName() : message);
  }

  @Override
  public boolean fail(String message) {
    return finish(Status.FAILED, Objects.requireNonNull(message, "message"));
  }

  @Override
  public boolean cancel() {
    return finish(Status.CANCELLED, "cancelled");
  }

  @Override
  public boolean cancel(String reason) {
    return finish(Status.CANCELLED, Objects.requireNonNull(reason, "reason"));
  }

  private boolean finish(Status end, @Nullable String message) {
    ProgressEvent ended;
    synchronized (this) {
      if (status.isFinal()) {
        return false;
      }
      if (status == Status.PENDING) {
        start();
      }
      long now = tracker.nanoTime();
      status = end;
      error = message;
      endNanos = now;
      endTime = tracker.now();
      if (end == Status.COMPLETED && totalBytes < 0) {
        totalBytes = bytes(); // the total is now known: what moved
      }
      ProgressEvent event = lifecycleEvent(now, endTime);
      finalEvent = event;
      tracker.finished(this, event);
      ended = event;
    }
    TransferImpl p = parent;
    if (p != null) {
      // outside this monitor: the parent's family lock is never taken inside a transfer monitor
      // held by the parent's own code, so the order child-then-parent cannot deadlock
      p.childEnded(this, ended.fraction());
    }
    return true;
  }

  @Override
  public ProgressEvent snapshot() {
    synchronized (this) {
      if (finalEvent != null) {
        return finalEvent;
      }
      return event(tracker.nanoTime(), tracker.now(), false);
    }
  }

  @Override
  public void addListener(ProgressListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  List<ProgressListener> listeners() {
    return listeners;
  }

  @Override
  public TransferBuilder child() {
    return new TransferBuilder(tracker).parent(this);
  }

  // ---------------------------------------------------------------- reporter

  /**
   * Samples the count for the reporter and returns a progress snapshot to emit, or {@code null}
   * when nothing is worth reporting. Called with the monitor held, on the reporter thread.
   */
  @Nullable ProgressEvent sample(long now, long heartbeatNanos) {
    if (status == Status.PENDING || status.isFinal()) {
      return null;
    }
    long c = bytes();
    speedMeter.sample(now, c);
    if (status == Status.STARTING && c > 0) {
      status = Status.IN_PROGRESS;
    }
    if (c == lastEmitCount && now - lastEmitNanos < heartbeatNanos) {
      return null;
    }
    lastEmitCount = c;
    lastEmitNanos = now;
    return event(now, tracker.now(), false);
  }

  private ProgressEvent lifecycleEvent(long now, Instant time) {
    return event(now, time, true);
  }

  private ProgressEvent event(long now, Instant time, boolean lifecycle) {
    long c = bytes();
    long total = totalBytes;
    long elapsed =
        status == Status.PENDING
            ? 0
            : Math.max(0, (status.isFinal() ? endNanos : now) - startNanos);
    double average = elapsed > 0 ? c * 1e9 / elapsed : 0;
    double speed = status.isFinal() ? average : speedMeter.speed(now, average);
    double done = fractionDone();
    Duration eta = null;
    if (status == Status.COMPLETED) {
      eta = Duration.ZERO;
    } else if (status.isFinal()) {
      eta = null;
    } else if (fractionDriven()) {
      // from the share done and the time it took: honest for work not counted against a total
      if (done > 0 && done < 1 && elapsed > 0) {
        eta = Duration.ofNanos((long) (elapsed * (1 - done) / done));
      }
    } else if (total >= 0 && speed > 0) {
      eta = Duration.ofNanos((long) (Math.max(0, total - c) / speed * 1e9));
    }
    return ProgressEvent.builder()
        .transferId(id)
        .parentId(parentId())
        .operation(operation)
        .name(name)
        .unit(unit)
        .status(status)
        .lifecycle(lifecycle)
        .bytes(c)
        .totalBytes(total)
        .fraction(done)
        .speed(speed)
        .averageSpeed(average)
        .elapsed(Duration.ofNanos(elapsed))
        .eta(eta)
        .startTime(startTime)
        .time(time)
        .error(error)
        .attributes(attributes)
        .build();
  }

  synchronized long endNanos() {
    return endNanos;
  }

  @Override
  public String toString() {
    return "Transfer#" + id + "(" + operation + " " + name + ")";
  }
}
