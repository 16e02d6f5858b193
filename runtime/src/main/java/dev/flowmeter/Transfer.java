// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.Map;

/**
 * One movement of bytes (or characters, or items) that Flowmeter reports on.
 *
 * <p>A transfer returned by {@link Flowmeter#start(String)} or {@link TransferBuilder#start()} is
 * counted by hand with {@link #advance(long)} and ended with {@link #complete()}, {@link
 * #fail(Throwable)} or {@link #cancel()}. A transfer behind a wrapped stream is counted and ended
 * by the stream.
 *
 * <p>Thread-safety: every method may be called from any thread. The first final call ({@code
 * complete}, {@code fail}, {@code cancel}) wins; later ones return {@code false} and change
 * nothing, so each transfer has exactly one final event.
 *
 * <p>{@link Flowmeter#transferOf(Object)} finds the transfer behind a wrapped stream, for example
 * to {@linkplain #cancel(String) cancel} it from another thread.
 */
public interface Transfer {
  /** The id, unique within this JVM, starting at 1. */
  long id();

  /** The parent's id, or 0. */
  long parentId();

  /** The operation word. */
  String operation();

  /** The name (file name, URL or label). */
  String name();

  /** What this transfer counts. */
  Unit unit();

  /** The free-form attributes; unmodifiable. */
  Map<String, String> attributes();

  /** The status now. */
  Status status();

  /**
   * The count so far; once the transfer ended, the count of its final event, for ever (a stream
   * read after its transfer ended still passes its data through, uncounted).
   */
  long bytes();

  /**
   * The total, or {@link ProgressEvent#UNKNOWN}; once the transfer ended, the total of its final
   * event.
   */
  long totalBytes();

  /**
   * Sets the total once it becomes known, for example from a {@code Content-Length} header. Does
   * nothing once the transfer ended: its numbers are those of its final event.
   *
   * @param totalBytes the total, or a negative value for unknown
   */
  void totalBytes(long totalBytes);

  /**
   * Adds {@code count} to the count; safe to call from several threads at once. Moves a {@code
   * starting} transfer to {@code in_progress}. Does nothing once the transfer has ended. A count
   * that would pass {@link Long#MAX_VALUE} stays at {@link Long#MAX_VALUE}.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  void advance(long count);

  /**
   * Sets the count to {@code position}, for work that reports where it is rather than how much more
   * it did (an external tool's byte count, a position in a file); safe from any thread. Does
   * nothing once the transfer has ended.
   *
   * @throws IllegalArgumentException if {@code position} is negative
   */
  void progress(long position);

  /**
   * Sets the share done, from 0 to 1, for work that is not counted against a total (an external
   * tool's reported percentage). From then on the percentage is this fraction and the ETA comes
   * from it and the time taken. Values outside 0..1 are clamped. Does nothing once the transfer has
   * ended.
   *
   * @throws IllegalArgumentException if {@code fraction} is {@code NaN} or infinite
   */
  void fraction(double fraction);

  /**
   * This transfer's weight in its parent's percentage (1 unless {@link TransferBuilder#weight} said
   * otherwise). A parent with children shows the weighted mean of their shares done.
   */
  double weight();

  /** Starts a {@code pending} transfer; does nothing if it already started. */
  void start();

  /**
   * Marks that every byte has moved and the result is being stored; returns whether the status
   * changed.
   */
  boolean saving();

  /** Ends the transfer normally; returns whether this call ended it. */
  boolean complete();

  /**
   * Ends the transfer as failed with the error's message (or its class name); returns whether this
   * call ended it.
   */
  boolean fail(Throwable error);

  /** Ends the transfer as failed with {@code message}; returns whether this call ended it. */
  boolean fail(String message);

  /**
   * Ends the transfer as cancelled and stops its I/O; returns whether this call ended it. The same
   * as {@link #cancel(String)} with the reason {@code "cancelled"}.
   */
  boolean cancel();

  /**
   * Ends the transfer as cancelled, with {@code reason} shown as its error, and stops its I/O;
   * returns whether this call ended it.
   *
   * <p>May be called from any thread; the thread reading or writing is not interrupted. Once this
   * method returns:
   *
   * <ul>
   *   <li>the next call that moves data through any stream, reader, writer or channel wrapped for
   *       this transfer ({@code read}, {@code write}, {@code skip}, {@code transferTo}, and the
   *       chunks inside a running {@code transferTo}) throws {@link java.io.InterruptedIOException}
   *       with the message {@code "transfer cancelled: " + reason}; a wrapped iterator or stream of
   *       items throws {@link java.util.concurrent.CancellationException}. A call already running
   *       when the cancel came returns normally. What was written stays written, and {@code
   *       close()} (as well as {@code flush()}, {@code available()} and {@code mark}/{@code reset})
   *       still reaches the wrapped stream and never throws because of the cancel;
   *   <li>the count stops: {@link #bytes()} and {@link #snapshot()} show the count at the cancel (a
   *       call that was already running when the cancel came, on another thread, may still hand the
   *       application its data without adding it to the count);
   *   <li>each running child transfer is cancelled the same way, and a child started later under
   *       this transfer is cancelled at once;
   *   <li>the actions registered with {@link #onCancel(Runnable)} have run, on this thread.
   * </ul>
   *
   * <p>Cancelling a transfer that already ended changes nothing and returns {@code false}, except
   * that a transfer cancelled by an interruption (see below) has its I/O stopped now.
   *
   * <p>Flowmeter cancels transfers on its own in three cases, which end the transfer the same way
   * but leave its I/O alone, so that the application sees exactly what the raw stream does: the
   * wrapped stream threw an interruption ({@link java.io.InterruptedIOException} other than a
   * timeout, {@link java.nio.channels.ClosedByInterruptException}); the JVM is shutting down; a
   * wrapped stream was garbage-collected without {@code close()} (nothing can read it any more).
   */
  boolean cancel(String reason);

  /**
   * Registers an action to run once if this transfer is cancelled, for cleanup such as deleting a
   * partial file.
   *
   * <p>The action runs on the thread that cancels, after the status became {@code cancelled} and
   * after the transfer's children were cancelled (their actions first). That thread may be the
   * application's (a {@link #cancel()} call), Flowmeter's shutdown hook (the JVM is exiting), the
   * thread whose read was interrupted, or Flowmeter's cleaner thread (a wrapped stream was
   * garbage-collected without {@code close()}): keep the action short and non-blocking.
   *
   * <p>If the transfer is already cancelled, the action runs at once on the calling thread; if it
   * already ended otherwise (completed or failed), it never runs and is not kept. An action that
   * throws is reported once on standard error (one line naming its class) and the other actions
   * still run; the exception does not reach the code that cancelled.
   *
   * <p>Why not a {@link ProgressListener}: a listener runs later, on a Flowmeter thread; a cancel
   * action runs before {@code cancel()} returns, so the canceller knows the cleanup is done.
   *
   * @param action what to run when the transfer is cancelled
   */
  void onCancel(Runnable action);

  /** Whether the transfer has ended (completed, failed or cancelled). */
  default boolean isDone() {
    return status().isFinal();
  }

  /** A snapshot of the transfer now, as a progress event. */
  ProgressEvent snapshot();

  /**
   * Adds a listener for this transfer's events only. Listeners of one transfer share one Flowmeter
   * thread; use {@link Flowmeter#addListener} for a listener with a thread of its own.
   */
  void addListener(ProgressListener listener);

  /** A builder for a child transfer (a stage, or one file of a group) whose parent is this one. */
  TransferBuilder child();
}
