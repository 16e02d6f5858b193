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

  /** The count so far. */
  long bytes();

  /** The total, or {@link ProgressEvent#UNKNOWN}. */
  long totalBytes();

  /**
   * Sets the total once it becomes known, for example from a {@code Content-Length} header.
   *
   * @param totalBytes the total, or a negative value for unknown
   */
  void totalBytes(long totalBytes);

  /**
   * Adds {@code count} to the count; safe to call from several threads at once. Moves a {@code
   * starting} transfer to {@code in_progress}. Does nothing once the transfer has ended.
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
   * @throws IllegalArgumentException if {@code fraction} is {@code NaN}
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

  /** Ends the transfer as cancelled; returns whether this call ended it. */
  boolean cancel();

  /**
   * Ends the transfer as cancelled, with the reason shown as its error; returns whether this call
   * ended it.
   */
  boolean cancel(String reason);

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
