// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one transfer at one moment.
 *
 * <p>Two kinds of event exist. Lifecycle events ({@link #isLifecycle()}) mark a change of status:
 * pending, starting, saving, and the three final statuses; every sink and listener receives each of
 * them exactly once, in order. Progress snapshots carry the numbers in between and may be
 * coalesced: a slow consumer sees the latest one.
 *
 * <p>Numbers are honest: speeds and the ETA come from measured counts and time, and an unknown
 * total stays unknown ({@link #totalBytes()} is {@link #UNKNOWN}, {@link #percentage()} is {@code
 * -1}, {@link #eta()} is empty) until the transfer completes, when the total becomes the count
 * moved. Counts are in {@link #unit()}: bytes, characters or items.
 */
public final class ProgressEvent {
  /** The value of {@link #totalBytes()} and {@link #percentage()} when the total is unknown. */
  public static final long UNKNOWN = -1;

  private final long transferId;
  private final long parentId;
  private final String operation;
  private final String name;
  private final Unit unit;
  private final Status status;
  private final boolean lifecycle;
  private final long bytes;
  private final long totalBytes;
  private final double fraction;
  private final double speed;
  private final double averageSpeed;
  private final long elapsedNanos;
  private final long etaNanos;
  private final Instant startTime;
  private final Instant time;
  private final @Nullable String error;
  private final @Nullable String errorType;
  private final Map<String, String> attributes;
  private final Kind kind;
  private final @Nullable String step;
  private final @Nullable String message;
  private final int completedFiles;
  private final int totalFiles;
  private final List<StageState> stages;
  private final String source;
  private final Direction direction;

  private ProgressEvent(Builder b) {
    this.transferId = b.transferId;
    this.parentId = b.parentId;
    this.operation = b.operation;
    this.name = b.name;
    this.unit = b.unit;
    this.status = b.status;
    this.lifecycle = b.lifecycle;
    this.bytes = b.bytes;
    this.totalBytes = b.totalBytes;
    this.fraction = b.fraction;
    this.speed = b.speed;
    this.averageSpeed = b.averageSpeed;
    this.elapsedNanos = b.elapsedNanos;
    this.etaNanos = b.etaNanos;
    this.startTime = b.startTime;
    this.time = b.time;
    this.error = b.error;
    this.errorType = b.errorType;
    this.attributes = b.attributes;
    this.kind = b.kind;
    this.step = b.step;
    this.message = b.message;
    this.completedFiles = b.completedFiles;
    this.totalFiles = b.totalFiles;
    this.stages = b.stages;
    this.source = b.source;
    this.direction = b.direction;
  }

  /** A builder for events, for sink tests and for code that replays recorded events. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every value of this event. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.transferId = transferId;
    b.parentId = parentId;
    b.operation = operation;
    b.name = name;
    b.unit = unit;
    b.status = status;
    b.lifecycle = lifecycle;
    b.bytes = bytes;
    b.totalBytes = totalBytes;
    b.fraction = fraction;
    b.speed = speed;
    b.averageSpeed = averageSpeed;
    b.elapsedNanos = elapsedNanos;
    b.etaNanos = etaNanos;
    b.startTime = startTime;
    b.time = time;
    b.error = error;
    b.errorType = errorType;
    b.attributes = attributes;
    b.kind = kind;
    b.step = step;
    b.message = message;
    b.completedFiles = completedFiles;
    b.totalFiles = totalFiles;
    b.stages = stages;
    b.source = source;
    b.direction = direction;
    return b;
  }

  /** The transfer's id, unique within this JVM, starting at 1. */
  public long transferId() {
    return transferId;
  }

  /** The id of the parent transfer (a stage or a file group), or 0 when there is none. */
  public long parentId() {
    return parentId;
  }

  /**
   * The operation word: {@code read}, {@code write}, {@code upload}, {@code download}, {@code
   * copy}, or the user's own.
   */
  public String operation() {
    return operation;
  }

  /**
   * The transfer's name: a file name, a URL, or the user's label. May hold any character; sinks
   * sanitize it.
   */
  public String name() {
    return name;
  }

  /** What {@link #bytes()} and {@link #totalBytes()} count. */
  public Unit unit() {
    return unit;
  }

  /** The status at the time of this event. */
  public Status status() {
    return status;
  }

  /**
   * Whether this event marks a change of status (never dropped) rather than a progress snapshot
   * (may be coalesced).
   */
  public boolean isLifecycle() {
    return lifecycle;
  }

  /** Whether this is the transfer's last event: a lifecycle event with a final status. */
  public boolean isFinal() {
    return lifecycle && status.isFinal();
  }

  /** The count moved so far, in {@link #unit()}. */
  public long bytes() {
    return bytes;
  }

  /** The total count, or {@link #UNKNOWN}. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Whether the total is known. */
  public boolean isTotalKnown() {
    return totalBytes >= 0;
  }

  /**
   * The share done, from 0 to 100, or {@code -1} when it is unknown.
   *
   * <p>The tracker stores the share in every event it makes ({@link #fraction()}), so every sink
   * shows the same figure: the caller's own fraction ({@link Transfer#fraction(double)}), the
   * weighted mean of a parent's children, or the count over the total. Without a stored share (an
   * event built by hand) it is the count over the total: a total of zero reads 100, a count beyond
   * the total (a file that grew) reads 100, and an unknown total reads -1.
   */
  public double percentage() {
    if (!Double.isNaN(fraction)) {
      return fraction < 0 ? UNKNOWN : fraction * 100.0;
    }
    if (totalBytes < 0) {
      return UNKNOWN;
    }
    if (totalBytes == 0 || bytes >= totalBytes) {
      return 100.0;
    }
    return bytes * 100.0 / totalBytes;
  }

  /**
   * The share done as the tracker computed it, from 0 to 1; -1 when unknown; {@code NaN} when the
   * event was built without one (then {@link #percentage()} derives it from the count and total).
   */
  public double fraction() {
    return fraction;
  }

  /** Whether the share done is known ({@link #percentage()} is not -1). */
  public boolean isPercentageKnown() {
    return percentage() >= 0;
  }

  /** The current speed in units per second, smoothed as {@code flowmeter.smoothing} says. */
  public double speed() {
    return speed;
  }

  /** The average speed since the start, in units per second. */
  public double averageSpeed() {
    return averageSpeed;
  }

  /** The time since the transfer started; for a final event, its whole duration. */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos);
  }

  /** The estimated time to completion, empty when the total is unknown or nothing is moving. */
  public Optional<Duration> eta() {
    return etaNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(etaNanos));
  }

  /** When the transfer started (wall clock). */
  public Instant startTime() {
    return startTime;
  }

  /** When this event was taken (wall clock). */
  public Instant time() {
    return time;
  }

  /** The estimated completion time (wall clock), empty when {@link #eta()} is. */
  public Optional<Instant> estimatedCompletion() {
    return etaNanos < 0 ? Optional.empty() : Optional.of(time.plusNanos(etaNanos));
  }

  /** The error message of a failed transfer, or the reason of a cancelled one. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The class name of the exception a failed transfer failed by ({@code
   * java.net.ConnectException}), when it failed by a {@link Throwable}; empty otherwise (failed
   * with a message, or not failed). Sinks that classify failures (a network error, a timeout) read
   * it.
   */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The transfer's free-form attributes (a user or tenant id, for instance); unmodifiable. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** What the transfer is within its family (an operation, a stage, a group, a file...). */
  public Kind kind() {
    return kind;
  }

  /**
   * The step the transfer is at, when it has named steps: an operation's current stage, or a group
   * file's step word in the group's vocabulary (for example {@code "uploading"}, {@code "queued"},
   * {@code "processing"}).
   */
  public Optional<String> step() {
    return Optional.ofNullable(step);
  }

  /** A message said by the application about this transfer now (a stage's or a file's). */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** For a {@link Kind#GROUP group}: how many of its files ended (completed or not); else -1. */
  public int completedFiles() {
    return completedFiles;
  }

  /** For a {@link Kind#GROUP group}: how many files it holds so far; else -1. */
  public int totalFiles() {
    return totalFiles;
  }

  /**
   * For an {@link Kind#OPERATION operation}: its stages in order, each as it stood when this event
   * was taken; else empty. Unmodifiable.
   */
  public List<StageState> stages() {
    return stages;
  }

  /**
   * Which path made the transfer: {@code api} (the public API: {@code Flowmeter.wrap}, {@link
   * TransferBuilder}, operations, stages and file groups), {@code tracked} (code the
   * {@code @Tracked} processor generated), {@code agent.file}, {@code agent.nio}, {@code
   * agent.http}, {@code agent.zip} (the agent's file streams, file channels and {@code Files.copy},
   * HTTP bodies, zip entries and gzip streams), {@code agent.tracked} (methods the agent
   * instruments by name) or {@code process} (an external tool's progress, {@link
   * dev.flowmeter.process.TrackedProcess}). Later versions may add words; a sink shows an unknown
   * one as it is.
   *
   * <p>Set once when the transfer is made, the same in every event of a transfer; never a name, a
   * path or an id, so a metric may carry it as an attribute. An event built by hand has {@code api}
   * unless its builder says otherwise.
   */
  public String source() {
    return source;
  }

  /**
   * Which way the transfer's bytes move: {@link Direction#READ} (in), {@link Direction#WRITE} (out)
   * or {@link Direction#UNKNOWN}; set once when the transfer is made, the same in every event of a
   * transfer. See {@link Direction} for how it is decided.
   */
  public Direction direction() {
    return direction;
  }

  /**
   * One stage of an operation as its operation's event shows it.
   *
   * @param name the stage's name
   * @param status the stage's status ({@link Status#PENDING} before it started)
   * @param fraction the stage's share done, from 0 to 1, or -1 when unknown
   * @param elapsed how long the stage ran (so far, or in all once it ended); zero before it started
   * @param message the message the stage ended with (a failed stage's error), or {@code null}
   */
  public record StageState(
      String name, Status status, double fraction, Duration elapsed, @Nullable String message) {
    /** Checks the values. */
    public StageState {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  @Override
  public String toString() {
    return "ProgressEvent{id="
        + transferId
        + (parentId != 0 ? ", parent=" + parentId : "")
        + ", "
        + operation
        + " '"
        + name
        + "', "
        + status.word()
        + (lifecycle ? " (lifecycle)" : "")
        + ", "
        + bytes
        + "/"
        + (totalBytes < 0 ? "?" : Long.toString(totalBytes))
        + " "
        + unit.name()
        + (error != null ? ", error=" + error : "")
        + (kind != Kind.TRANSFER ? ", " + kind.word() : "")
        + (step != null ? ", step=" + step : "")
        + (totalFiles >= 0 ? ", files=" + completedFiles + "/" + totalFiles : "")
        + ", "
        + source
        + " "
        + direction.word()
        + "}";
  }

  /** Builds {@link ProgressEvent}s. Every value has a neutral default. */
  public static final class Builder {
    private long transferId;
    private long parentId;
    private String operation = "read";
    private String name = "";
    private Unit unit = Unit.BYTES;
    private Status status = Status.IN_PROGRESS;
    private boolean lifecycle;
    private long bytes;
    private long totalBytes = UNKNOWN;
    private double fraction = Double.NaN;
    private double speed;
    private double averageSpeed;
    private long elapsedNanos;
    private long etaNanos = -1;
    private Instant startTime = Instant.EPOCH;
    private Instant time = Instant.EPOCH;
    private @Nullable String error;
    private @Nullable String errorType;
    private Map<String, String> attributes = Map.of();
    private Kind kind = Kind.TRANSFER;
    private @Nullable String step;
    private @Nullable String message;
    private int completedFiles = -1;
    private int totalFiles = -1;
    private List<StageState> stages = List.of();
    private String source = "api";
    private Direction direction = Direction.UNKNOWN;

    private Builder() {}

    public Builder transferId(long transferId) {
      this.transferId = transferId;
      return this;
    }

    public Builder parentId(long parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder operation(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder unit(Unit unit) {
      this.unit = Objects.requireNonNull(unit, "unit");
      return this;
    }

    public Builder status(Status status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    public Builder lifecycle(boolean lifecycle) {
      this.lifecycle = lifecycle;
      return this;
    }

    public Builder bytes(long bytes) {
      this.bytes = bytes;
      return this;
    }

    /** The total, or {@link ProgressEvent#UNKNOWN} (any negative value). */
    public Builder totalBytes(long totalBytes) {
      this.totalBytes = totalBytes < 0 ? UNKNOWN : totalBytes;
      return this;
    }

    /**
     * The share done, from 0 to 1, or a negative value for unknown; {@code NaN} (the default) lets
     * {@link ProgressEvent#percentage()} derive it from the count and the total.
     */
    public Builder fraction(double fraction) {
      this.fraction =
          Double.isNaN(fraction) ? Double.NaN : fraction < 0 ? -1 : Math.min(1, fraction);
      return this;
    }

    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    public Builder averageSpeed(double averageSpeed) {
      this.averageSpeed = averageSpeed;
      return this;
    }

    public Builder elapsed(Duration elapsed) {
      this.elapsedNanos = elapsed.toNanos();
      return this;
    }

    /** The ETA, or {@code null} when unknown. */
    public Builder eta(@Nullable Duration eta) {
      this.etaNanos = eta == null ? -1 : eta.toNanos();
      return this;
    }

    public Builder startTime(Instant startTime) {
      this.startTime = Objects.requireNonNull(startTime, "startTime");
      return this;
    }

    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder error(@Nullable String error) {
      this.error = error;
      return this;
    }

    /** The class name of the exception the transfer failed by, or {@code null}. */
    public Builder errorType(@Nullable String errorType) {
      this.errorType = errorType;
      return this;
    }

    public Builder attributes(Map<String, String> attributes) {
      this.attributes =
          attributes.isEmpty()
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
      return this;
    }

    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    public Builder step(@Nullable String step) {
      this.step = step;
      return this;
    }

    public Builder message(@Nullable String message) {
      this.message = message;
      return this;
    }

    /** The files of a group that ended and the files it holds; -1 and -1 for anything else. */
    public Builder files(int completedFiles, int totalFiles) {
      this.completedFiles = completedFiles < 0 ? -1 : completedFiles;
      this.totalFiles = totalFiles < 0 ? -1 : totalFiles;
      return this;
    }

    public Builder stages(List<StageState> stages) {
      this.stages = List.copyOf(stages);
      return this;
    }

    /** Which path made the transfer ({@link ProgressEvent#source()}); {@code api} by default. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Which way the bytes move; {@link Direction#UNKNOWN} by default. */
    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    public ProgressEvent build() {
      return new ProgressEvent(this);
    }
  }
}
