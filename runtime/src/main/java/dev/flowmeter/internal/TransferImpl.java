// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Direction;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The tracker's record of one transfer: the counter the hot path adds to, the status, and the
 * reporter's speed state.
 */
public final class TransferImpl implements Transfer {
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
  *
  * Size: over the 600 lines STYLE.md allows, because the hot path (count, cancel check), the
  * state machine and the events share fields that only this class may touch; the pieces that
  * stand alone live beside it (SpeedMeter, CancelEpoch, ChildShares).
  *
  * Cancellation: cancel() ends the transfer, then sets `stop`, the message the wrappers throw.
  * Every wrapper calls checkNotCancelled() before each call that moves data, and that check must
  * cost nothing on a single-byte read (ReadByteBenchmark). Measured: a plain load of `stop` is
  * free, but C2 hoists it out of a loop that inlined the whole read, so a thread spinning on
  * read() of an in-memory stream never saw the cancel; an opaque load is always seen, but its
  * compiler barrier keeps the loop's fields out of registers and made single-byte reads three
  * times slower (0.65x the do-nothing decorator). So the check depends on CancelEpoch, a
  * constant in compiled code: while "calm" the wrappers read `stop` plainly, and each cancel
  * that sets a `stop` changes the epoch, which deoptimizes every compiled method that inlined
  * the check (a running loop included; a few milliseconds) before cancel() returns, so no stale
  * `stop` survives it (the deoptimization handshake also makes the new `stop` visible). After
  * CALM_CANCELS such cancels, each within QUIET of the one before, the epoch turns "strict" and
  * the wrappers read `stop` with the opaque load: a JVM that cancels often pays that load rather
  * than recompiling its hot code again and again. Once no cancel came for QUIET, the reporter's
  * tick (settleCancels) turns the epoch calm again, one more deoptimization, so a burst of
  * cancels costs the fast path only for a while. Safe: the wrappers compiled after it read the
  * `stop` already set when they start, and every later cancel deoptimizes them again. A cancel of
  * a parent and its children changes the epoch once.
  *
  * The count is frozen at the end (`countAtEnd`), whatever the end, so bytes() and the final
  * event agree for ever, even when a read that was already running adds to `count` afterwards or
  * the application reads a closed stream that still answers (ByteArrayInputStream); the total is
  * frozen too (totalBytes(long) does nothing once ended). Ends that are not a
  * user's cancel do not set `stop` (nor change the epoch): an interruption seen on the
  * delegate (the application may retry the call, as it could on the raw stream), the
  * cancellations at JVM shutdown (other shutdown hooks may still write through a wrapper) and
  * the cancellation of an abandoned wrapper (nothing can read it any more).
  *
  * Children: Tracker.create hands every child to adopt(), which keeps it in `children` until it
  * ends (childEnded() drops it and adds its last share, weighted, to the aggregate of the ended
  * ones), so a parent holds only its live children. A cancel reaches every
  * live child; a child adopted by an already cancelled parent is cancelled at once. The parent's
  * cancel changes `status` and then reads `children`, adopt() adds to `children` and then reads
  * `status`; both are sequentially consistent accesses, so at least one side sees the other.
  *
  * Families: an operation and its stages (sumChildren(), stage()) count their children's counts
  * too, summed when the count is read (ChildShares.count), never on the hot path; the ended
  * children's last counts are kept as one sum, like their shares.
  *
  * Cancel actions (onCancel): an immutable array swapped by compare-and-set, replaced by ENDED
  * when the transfer ends; whoever swaps it to ENDED after a cancel runs what it held. Actions
  * and child cancels run after finish() returned, never under this object's monitor.
  */
  private static final VarHandle COUNT;
  private static final VarHandle STOP;
  private static final VarHandle CHILDREN;
  private static final VarHandle CANCEL_ACTIONS;

  /**
   * How many cancels of a JVM deoptimize the wrappers' checks before they turn to opaque loads: a
   * bound, so a JVM that cancels often does not recompile its hot code often. See the notes.
   */
  public static final int CALM_CANCELS = 8;

  /**
   * How long without a cancel turns the cancel check back to its plain load after a burst of
   * cancels made it strict, and how close cancels must follow each other to count as a burst.
   */
  public static final Duration QUIET = Duration.ofSeconds(2);

  /**
   * Called on every tick of a tracker's reporter: turns the wrappers' cancel check back to its
   * cheap form once no cancel came for {@link #QUIET}. Cheap when there is nothing to do.
   */
  public static void settleCancels(long nowNanos) {
    CancelEpoch.settle(nowNanos);
  }

  /** Whether the wrappers' cancel check is in its strict (opaque load) form; for tests. */
  public static boolean cancelChecksStrict() {
    return CancelEpoch.strict();
  }

  /** The value of {@code countAtEnd} while the transfer has not ended. */
  private static final long LIVE = Long.MIN_VALUE;

  /** The value of {@code cancelActions} once the transfer ended. */
  private static final Runnable[] ENDED = new Runnable[0];

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNT = lookup.findVarHandle(TransferImpl.class, "count", long.class);
      STOP = lookup.findVarHandle(TransferImpl.class, "stop", String.class);
      CHILDREN = lookup.findVarHandle(TransferImpl.class, "children", Set.class);
      CANCEL_ACTIONS = lookup.findVarHandle(TransferImpl.class, "cancelActions", Runnable[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private long count; // plain writes by the owning stream, atomic ones by advance(); see notes
  private @Nullable String stop; // what the wrappers throw once cancelled; see notes
  private volatile long countAtEnd = LIVE;
  private volatile @Nullable Set<TransferImpl> children; // live children only; see notes
  private Runnable @Nullable [] cancelActions; // by CAS; ENDED once ended

  private final Tracker tracker;
  private final long id;
  private final @Nullable TransferImpl parent;
  private final String operation;
  private final String name;
  private final Unit unit;
  private final Map<String, String> attributes;
  private final String source; // the path that made it (Sources); fixed
  // fixed before the first event: at creation, or by a tracked call's first wrapped parameter
  private volatile Direction direction;
  // most transfers have no listener of their own: the list is made by the first one (saves ~56
  // bytes for each transfer a slow sink still has to be given)
  private volatile List<ProgressListener> listeners = List.of();
  private final ProgressCell progressCell; // the reporter's snapshots, for the sinks to pull
  private volatile long totalBytes;
  private final double weight;
  // the caller's own fraction (Transfer.fraction), or -1 when the count and total say it
  private volatile double fraction = -1;
  private final ChildShares shares = new ChildShares(); // the children's weighted mean
  // true while a tracked call (TrackedCall) decides when the transfer ends, not its wrappers
  private volatile boolean endedByCall;
  // the share done is the own count over the own total, whatever the children say (see ownShare())
  private volatile boolean ownShare;
  // maps the share done into a range (a group file's step); see shareMap(DoubleUnaryOperator)
  private volatile @Nullable DoubleUnaryOperator shareMap;
  // an operation or a stage: the count is its own plus its children's (see sumChildren())
  private volatile boolean sumsChildren;
  // a stage of an operation (see stage())
  private volatile boolean stage;

  // guarded by this
  private volatile Status status = Status.PENDING;
  private volatile @Nullable EventDecorator decorator;
  // volatile, and written before the status, for a parent's decorator (see elapsedNanos(long))
  private volatile @Nullable String error;

  /** The class name of the exception a failed transfer failed by; set with {@link #error}. */
  private volatile @Nullable String errorType;

  private volatile long startNanos;
  private Instant startTime = Instant.EPOCH;
  private volatile long endNanos;
  private Instant endTime = Instant.EPOCH;
  private @Nullable ProgressEvent finalEvent;

  // reporter state: reporter thread only (and the final event, under the monitor)
  private final SpeedMeter speedMeter;
  private long lastEmitNanos;
  private long lastEmitCount = -1;
  private double lastEmitShare = -1; // for a fraction-driven transfer, whose count may not move

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
      double weight,
      String source,
      Direction direction) {
    this.tracker = tracker;
    this.source = source;
    this.direction = direction;
    this.weight = weight;
    this.id = id;
    this.parent = parent;
    this.operation = operation;
    this.name = name;
    this.unit = unit;
    this.totalBytes = totalBytes < 0 ? ProgressEvent.UNKNOWN : totalBytes;
    this.attributes = attributes.isEmpty() ? Map.of() : Map.copyOf(attributes);
    if (!listeners.isEmpty()) {
      this.listeners = new CopyOnWriteArrayList<>(listeners);
    }
    this.speedMeter = new SpeedMeter(tracker.smoothing());
    this.progressCell = new ProgressCell(tracker.joins());
  }

  // ---------------------------------------------------------------- hot path (counting streams)

  /** Adds {@code n} to the count. The calling stream must be the only writer. */
  public void record(long n) {
    count += n;
  }

  /**
   * Throws when the transfer was cancelled by {@link #cancel(String)}: every wrapper calls it
   * before a call that moves data. A plain load, or an opaque one once the JVM cancelled often; see
   * the design notes.
   *
   * @throws InterruptedIOException {@code "transfer cancelled: <reason>"}
   */
  public void checkNotCancelled() throws InterruptedIOException {
    if (stopped()) {
      throw new InterruptedIOException(stopMessage());
    }
  }

  /**
   * As {@link #checkNotCancelled()}, for the wrappers that cannot throw an {@code IOException}
   * (iterators, spliterators).
   *
   * @throws CancellationException {@code "transfer cancelled: <reason>"}
   */
  public void checkNotCancelledItems() {
    if (stopped()) {
      throw new CancellationException(stopMessage());
    }
  }

  /**
   * Whether a cancel stopped this transfer's I/O; the load the design notes describe. Also the
   * agent's check under {@code flowmeter.agent.cancel=interrupt}, through {@code AgentHooks}.
   */
  boolean stopped() {
    return (CancelEpoch.strict() ? STOP.getOpaque(this) : stop) != null;
  }

  private String stopMessage() {
    String message = (String) STOP.getOpaque(this);
    return message == null ? "transfer cancelled" : message;
  }

  /** Sets the count back to {@code value}, after a {@code reset()} of a marked stream. */
  public void rewind(long value) {
    count = value;
  }

  /**
   * Whether the transfer's end is decided by a tracked call ({@link TrackedCall}) rather than by
   * the wrappers that count into it: then close, end of stream and stream failures leave it
   * running.
   */
  public boolean endedByCall() {
    return endedByCall;
  }

  /** Sets who ends the transfer: a tracked call ({@code true}) or its wrappers. */
  public void endedByCall(boolean byCall) {
    this.endedByCall = byCall;
  }

  /** Which path made the transfer, one of {@link Sources}' words. */
  public String source() {
    return source;
  }

  /** Which way the transfer's bytes move. */
  public Direction direction() {
    return direction;
  }

  /**
   * Sets the direction to {@code side} while it is still unknown and the transfer has not started:
   * a tracked call learns it from the first parameter it wraps, before the started event. Later
   * calls, and calls once started, change nothing, so every event of a transfer agrees.
   */
  void directionIfUnknown(Direction side) {
    synchronized (this) {
      if (direction == Direction.UNKNOWN && status == Status.PENDING) {
        direction = side;
      }
    }
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
  public Tracker tracker() {
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
    long frozen = countAtEnd;
    return frozen != LIVE ? frozen : liveCount();
  }

  /** The count now: the own one, plus the children's when this transfer sums them. */
  private long liveCount() {
    long own = (long) COUNT.getOpaque(this);
    if (!sumsChildren) {
      return own;
    }
    Set<TransferImpl> live = children;
    long sum = own + shares.count(live == null ? Set.of() : live, unit);
    return sum < 0 ? Long.MAX_VALUE : sum; // past Long.MAX_VALUE: stays there
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void totalBytes(long total) {
    synchronized (this) { // against finish(), which freezes the total with the final event
      if (!status.isFinal()) {
        this.totalBytes = total < 0 ? ProgressEvent.UNKNOWN : total;
      }
    }
  }

  @Override
  public void advance(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("count must not be negative: " + n);
    }
    if (!status.isFinal()) {
      long before;
      long after;
      do { // a count that would pass Long.MAX_VALUE stays there instead of turning negative
        before = (long) COUNT.getVolatile(this);
        after = before + n < 0 ? Long.MAX_VALUE : before + n;
      } while (!COUNT.compareAndSet(this, before, after));
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
    if (!Double.isFinite(fraction)) {
      throw new IllegalArgumentException("fraction must be a number from 0 to 1, not " + fraction);
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

  /**
   * A child ended: it leaves the live children, and its last fraction, weighted, is kept for the
   * aggregate; both at once (see {@link ChildShares}), so the parent's share never dips between
   * them. Called after the child's monitor was released.
   */
  void childEnded(TransferImpl child, double lastFraction, long lastCount) {
    Set<TransferImpl> live = children;
    if (live != null) {
      shares.ended(live, child, lastFraction, child.unit.equals(unit) ? lastCount : 0);
    }
  }

  /**
   * The share done, from 0 to 1, or -1 when unknown. In order: the caller's own fraction ({@link
   * #fraction(double)}); with children, their weighted mean (a child that ended counts with its
   * last fraction, a running child of unknown fraction makes the whole unknown); otherwise the
   * count over a known total. A completed transfer is done.
   */
  double fractionDone() {
    DoubleUnaryOperator map = shareMap;
    Status s = status;
    if (map == null || s == Status.PENDING) {
      return ownFractionDone();
    }
    return s == Status.COMPLETED ? 1 : map.applyAsDouble(ownFractionDone());
  }

  /**
   * The share done as {@link #fractionDone()} says it without the {@linkplain
   * #shareMap(DoubleUnaryOperator) share map}.
   */
  double ownFractionDone() {
    Status s = status;
    if (s == Status.COMPLETED && fractionDriven()) {
      return 1; // said done by the caller, or a parent whose end its code decided
    }
    double own = fraction;
    if (own >= 0) {
      return own;
    }
    if (s == Status.PENDING) {
      return 0; // not started: nothing of it is done, whatever its total
    }
    Set<TransferImpl> live = sharesFromChildren() ? children : null;
    double mean = live == null ? Double.NaN : shares.mean(live);
    return Double.isNaN(mean) ? countFraction() : mean;
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
    return fraction >= 0 || (children != null && sharesFromChildren()) || shareMap != null;
  }

  /**
   * Makes the share done {@code map} applied to the share the count, the caller's fraction or the
   * children say (-1 when unknown): for a group's file, whose share is its step's place in the
   * group's percentage ranges. Called before the transfer starts; {@code map} runs on any thread
   * that takes an event or the parent's mean, so it must be quick and lock nothing.
   */
  void shareMap(DoubleUnaryOperator map) {
    this.shareMap = map;
  }

  /**
   * Whether the children's mean is the share done: not for a transfer with {@link #ownShare()}, nor
   * for a {@link #stage()} whose total is known (its count, the children's summed, over it).
   */
  private boolean sharesFromChildren() {
    return !ownShare && !(stage && totalBytes >= 0);
  }

  /**
   * Makes this transfer's count its own plus that of its children of the same unit, running and
   * ended: an operation's bytes are its stages', a stage's are those of the streams inside it.
   * Costs the hot path nothing: the sum is taken when the count is read. Call before it starts.
   */
  void sumChildren() {
    sumsChildren = true;
  }

  /**
   * Makes this transfer a stage of an operation: it {@linkplain #sumChildren() sums its children's
   * counts}; with a known total its share done is that count over the total (the streams inside it
   * need no total of their own); and in its parent's mean a running stage of unknown share counts
   * as 0 rather than making the parent's share unknown, so an operation shows the share of its
   * stages done. Call before it starts.
   */
  void stage() {
    sumsChildren = true;
    stage = true;
  }

  /** Whether a parent's mean counts this transfer as 0 while its share is unknown. */
  boolean unknownCountsZero() {
    return stage;
  }

  /**
   * How long this transfer ran by {@code now} (all of it once it ended; 0 before it started),
   * without taking its monitor: for a parent's {@link EventDecorator}, which must not lock a child.
   */
  long elapsedNanos(long now) {
    Status s = status; // written after startNanos and endNanos
    if (s == Status.PENDING) {
      return 0;
    }
    return Math.max(0, (s.isFinal() ? endNanos : now) - startNanos);
  }

  /** The error of a failed transfer or the reason of a cancelled one, without the monitor. */
  @Nullable String error() {
    return error;
  }

  /**
   * Makes the next sample emit a progress event even if the count and share did not move: for a
   * parent whose family changed (an operation whose stage began), so that sinks show it within one
   * interval rather than at the next heartbeat.
   */
  synchronized void touch() {
    lastEmitCount = -1;
  }

  /**
   * Makes the share done this transfer's own count over its own total, whatever its children say:
   * for the agent's read of a file whose children count other units (the uncompressed bytes of its
   * archive entries or of its gzip stream), which must not be mixed into the file's percentage.
   */
  void ownShare() {
    ownShare = true;
  }

  @Override
  public void start() {
    startedAgo(0);
  }

  /**
   * Starts this pending transfer as if it had started {@code agoNanos} ago: for the agent, which
   * shows a stream only once it proved worth showing, so that its elapsed time, average speed and
   * start timestamp still count from its first byte.
   */
  void startedAgo(long agoNanos) {
    synchronized (this) {
      if (status != Status.PENDING) {
        return;
      }
      long ago = Math.max(0, agoNanos);
      startNanos = tracker.nanoTime() - ago;
      startTime = tracker.now().minusNanos(ago);
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
      tracker.emit(this, lifecycleEvent(tracker.nanoTime(), tracker.now()));
      return true;
    }
  }

  @Override
  public boolean complete() {
    return finish(Status.COMPLETED, null);
  }

  @Override
  public boolean fail(Throwable failure) {
    return finish(Status.FAILED, failureMessage(failure), failure.getClass().getName());
  }

  /** What a transfer failed by {@code failure} says: its message, or its class name. */
  static String failureMessage(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    String message = UserCode.message(failure); // the application's getMessage() may throw
    return message == null || message.isBlank() ? failure.getClass().getName() : message;
  }

  @Override
  public boolean fail(String message) {
    return finish(Status.FAILED, Objects.requireNonNull(message, "message"));
  }

  @Override
  public boolean cancel() {
    return cancel("cancelled", !tracker.isShutDown());
  }

  @Override
  public boolean cancel(String reason) {
    return cancel(Objects.requireNonNull(reason, "reason"), !tracker.isShutDown());
  }

  /**
   * Ends the transfer and its live children as cancelled, stops their I/O if asked, then runs the
   * cancel actions of each transfer this call ended, children first.
   *
   * @param stopIo whether the next read or write through the transfers' wrappers throws: {@code
   *     true} for a user's cancel, {@code false} for an interruption the delegate itself reported,
   *     the cancellations at JVM shutdown and those of abandoned wrappers, which must not change
   *     what the application sees
   * @return whether this call ended this transfer
   */
  boolean cancel(String reason, boolean stopIo) {
    List<TransferImpl> ended = new ArrayList<>(1);
    if (cancelTree(reason, stopIo, ended)) {
      CancelEpoch.cancelled(); // once for the whole tree, before any action runs
    }
    for (TransferImpl t : ended) {
      t.runCancelActions((Runnable[]) CANCEL_ACTIONS.getAndSet(t, ENDED));
    }
    return !ended.isEmpty() && ended.get(ended.size() - 1) == this;
  }

  /**
   * Ends this transfer and its live children as cancelled, adding those this call ended to {@code
   * ended} (children first); returns whether a {@code stop} was set.
   */
  private boolean cancelTree(String reason, boolean stopIo, List<TransferImpl> ended) {
    boolean endedThis = finish(Status.CANCELLED, reason);
    boolean stopped =
        stopIo
            && status == Status.CANCELLED
            && STOP.compareAndSet(
                this,
                null,
                "cancelled".equals(reason)
                    ? "transfer cancelled"
                    : "transfer cancelled: " + reason);
    if (endedThis) {
      Set<TransferImpl> live = children;
      if (live != null) {
        for (TransferImpl child : live) {
          stopped |= child.cancelTree(reason, stopIo, ended);
        }
      }
      ended.add(this);
    }
    return stopped;
  }

  private void runCancelActions(Runnable @Nullable [] actions) {
    if (actions == null) {
      return;
    }
    for (Runnable action : actions) {
      runCancelAction(action);
    }
  }

  private void runCancelAction(Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      Diagnostics.once(
          "cancel-action:" + action.getClass().getName(),
          "a cancel action of "
              + this
              + " threw "
              + Diagnostics.describe(t)
              + "; the other actions ran",
          t);
    }
  }

  @Override
  public void onCancel(Runnable action) {
    Objects.requireNonNull(action, "action");
    while (true) {
      Runnable[] current = (Runnable[]) CANCEL_ACTIONS.getVolatile(this);
      if (current == ENDED) {
        if (status == Status.CANCELLED) {
          runCancelAction(action);
        }
        return;
      }
      Runnable[] next;
      if (current == null) {
        next = new Runnable[] {action};
      } else {
        next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = action;
      }
      if (CANCEL_ACTIONS.compareAndSet(this, current, next)) {
        return;
      }
    }
  }

  /**
   * Keeps {@code child}, just registered by the tracker, among this transfer's live children, or
   * cancels it at once when this transfer was cancelled already. See the design notes.
   */
  void adopt(TransferImpl child) {
    Set<TransferImpl> live = children;
    if (live == null) {
      Set<TransferImpl> created = ConcurrentHashMap.newKeySet();
      live = CHILDREN.compareAndSet(this, null, created) ? created : children;
    }
    Objects.requireNonNull(live).add(child);
    if (status == Status.CANCELLED) {
      String reason;
      synchronized (this) { // the reason is set under the monitor just after the status
        reason = error;
      }
      child.cancel(reason == null ? "cancelled" : reason, !tracker.isShutDown());
    }
  }

  /** How many children this transfer keeps now: the running ones. For tests. */
  public int liveChildren() {
    Set<TransferImpl> live = children;
    return live == null ? 0 : live.size();
  }

  /**
   * Called by {@link #finish} with the monitor held, right after the status became final: freezes
   * the count (whatever the end, so that {@link #bytes()} agrees with the final event for ever) and
   * drops the cancel actions of a transfer that was not cancelled.
   */
  private void ended(Status end) {
    countAtEnd = liveCount();
    if (end != Status.CANCELLED) {
      CANCEL_ACTIONS.setVolatile(this, ENDED);
    }
    // the parent drops this child in childEnded(), called by finish() after the monitor
  }

  private boolean finish(Status end, @Nullable String message) {
    return finish(end, message, null);
  }

  private boolean finish(Status end, @Nullable String message, @Nullable String type) {
    ProgressEvent ended;
    synchronized (this) {
      if (status.isFinal()) {
        return false;
      }
      if (status == Status.PENDING) {
        start();
      }
      long now = tracker.nanoTime();
      error = message; // before the status: read without the monitor, see elapsedNanos(long)
      errorType = type;
      endNanos = now;
      status = end;
      ended(end);
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
      // outside this monitor, so no transfer monitor is held while the parent's shares change
      // a completed child is a stage done, whatever its own count says of its total
      p.childEnded(this, end == Status.COMPLETED ? 1 : ended.fraction(), ended.bytes());
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
    Objects.requireNonNull(listener, "listener");
    synchronized (this) {
      List<ProgressListener> current = listeners;
      if (current.isEmpty()) {
        current = new CopyOnWriteArrayList<>();
        listeners = current;
      }
      current.add(listener);
      progressCell.listenerJoined = true; // the reporter's next snapshot puts it in their hands
    }
  }

  List<ProgressListener> listeners() {
    return listeners;
  }

  /** Where the reporter writes this transfer's snapshots; see SinkDispatcher's design notes. */
  ProgressCell progressCell() {
    return progressCell;
  }

  @Override
  public TransferBuilder child() {
    return tracker.builder().parent(this);
  }

  // ---------------------------------------------------------------- reporter

  /**
   * Samples the count for the reporter and returns a progress snapshot to emit, or {@code null}
   * when nothing is worth reporting. Called with the monitor held, on the reporter thread.
   */
  @Nullable ProgressEvent sample(long now, long heartbeatNanos) {
    return sample(now, null, heartbeatNanos);
  }

  /**
   * {@link #sample(long, long)} with the wall-clock time of the reporter's pass, read once for all
   * its transfers ({@code null}: read now): reading the clock for each of thousands of transfers
   * was a third of the reporter's time (ScaleLoad).
   */
  @Nullable ProgressEvent sample(long now, @Nullable Instant wall, long heartbeatNanos) {
    if (status == Status.PENDING || status.isFinal()) {
      return null;
    }
    long c = bytes();
    speedMeter.sample(now, c);
    // a share said by Transfer.fraction or by children is news even when the count stays
    double share = fractionDriven() ? fractionDone() : -1;
    if (status == Status.STARTING && (c > 0 || share > 0)) {
      status = Status.IN_PROGRESS;
    }
    if (c == lastEmitCount && share == lastEmitShare && now - lastEmitNanos < heartbeatNanos) {
      return null;
    }
    lastEmitCount = c;
    lastEmitShare = share;
    lastEmitNanos = now;
    return event(now, wall != null ? wall : tracker.now(), false);
  }

  /**
   * A snapshot for a sink or listener that joined since the last pass, when {@link #sample} had no
   * news: it needs the transfer in hand, moving or not; {@code null} when the transfer does not
   * run. Called with the monitor held, on the reporter thread, with the pass's wall-clock time.
   */
  @Nullable ProgressEvent sampleForJoiners(long now, Instant wall) {
    if (status == Status.PENDING || status.isFinal()) {
      return null;
    }
    return event(now, wall, false);
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
    ProgressEvent.Builder event =
        ProgressEvent.builder()
            .transferId(id)
            .parentId(parentId())
            .operation(operation)
            .name(name)
            .unit(unit)
            // a snapshot taken after bytes moved says so, even before the reporter noticed them
            .status(!lifecycle && status == Status.STARTING && c > 0 ? Status.IN_PROGRESS : status)
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
            .errorType(errorType)
            .attributes(attributes)
            .source(source)
            .direction(direction);
    EventDecorator family = decorator;
    if (family != null) {
      try {
        family.decorate(event, now);
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.once(
            "decorator:" + family.getClass().getName(),
            "could not add the family's values to the events of " + this + ": " + e,
            e);
      }
    }
    return event.build();
  }

  /**
   * Installs what this transfer's family adds to each of its events (see {@link EventDecorator});
   * call before the transfer starts.
   */
  public void decorator(EventDecorator decorator) {
    this.decorator = decorator;
  }

  synchronized long endNanos() {
    return endNanos;
  }

  @Override
  public String toString() {
    return describe(id, operation, name);
  }

  /** How messages name a transfer: {@code Transfer#<id>(<operation> <name>)}. */
  static String describe(long id, String operation, String name) {
    return "Transfer#" + id + "(" + operation + " " + name + ")";
  }

  /**
   * How the wrappers read {@code stop}: plainly, refreshed by a deoptimization at each cancel
   * ("calm", the first {@link TransferImpl#CALM_CANCELS} cancels of the JVM that stop I/O), or with
   * an opaque load ("strict", from then on). See the design notes.
   *
   * <p>The mode is the identity of a {@link MutableCallSite}'s target, never invoked. The JIT
   * compilers treat the target of a constant call site as a constant and record a dependency on it,
   * so {@link #strict()} compiles to a constant; {@link #cancelled()} changes the target, which
   * makes the JVM deoptimize, before it returns, every compiled method that folded it, a running
   * loop included. Their next check then reads {@code stop} from memory again.
   */
  private static final class CancelEpoch {

    private static final MethodHandle calmEven = constant(false);
    private static final MethodHandle calmOdd = constant(false);
    private static final MethodHandle strict = constant(true);
    private static final MutableCallSite mode = new MutableCallSite(calmEven);
    private static int cancels; // guarded by CancelEpoch.class
    private static long lastCancel = System.nanoTime(); // guarded by CancelEpoch.class

    private CancelEpoch() {}

    /** A method handle of its own (a constant zero would be shared) returning {@code value}. */
    private static MethodHandle constant(boolean value) {
      return MethodHandles.insertArguments(MethodHandles.identity(boolean.class), 0, value);
    }

    /** Whether {@code stop} must be read with an opaque load; constant in compiled code. */
    static boolean strict() {
      return mode.getTarget() == strict;
    }

    /**
     * Called after a transfer's {@code stop} was set: in calm mode, deoptimizes the compiled code
     * that may hold a stale {@code stop}, and after {@link TransferImpl#CALM_CANCELS} cancels turns
     * strict.
     */
    static synchronized void cancelled() {
      long now = System.nanoTime();
      if (now - lastCancel >= QUIET.toNanos()) {
        cancels = 0; // not a burst: this one deoptimizes as the first did
      }
      lastCancel = now;
      MethodHandle current = mode.getTarget();
      if (current != strict) {
        cancels++;
        change(cancels >= CALM_CANCELS ? strict : current == calmEven ? calmOdd : calmEven);
      }
    }

    /** Turns calm again once no cancel came for {@link #QUIET}; see the design notes. */
    static void settle(long now) {
      if (!strict()) {
        return; // the common case: one read of the call site, no lock
      }
      synchronized (CancelEpoch.class) {
        if (strict() && now - lastCancel >= QUIET.toNanos()) {
          cancels = 0;
          change(calmEven);
        }
      }
    }

    private static void change(MethodHandle target) {
      mode.setTarget(target);
      MutableCallSite.syncAll(new MutableCallSite[] {mode});
    }
  }
}
