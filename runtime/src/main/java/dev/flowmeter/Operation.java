// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.List;
import java.util.Optional;

/**
 * A transfer made of named stages, run one after the other: an installer's "update package lists,
 * download, install dependencies, configure", each with a weight in the whole.
 *
 * <pre>{@code
 * Operation install = Flowmeter.operation("Installing PostgreSQL");
 * Stage lists = install.addStage("Update package lists");
 * Stage download = install.addStage("Download postgresql-15", size, 4);
 * Stage configure = install.addStage("Configuring database");
 * install.onCancel(() -> deletePartialFiles());
 * lists.run(() -> apt.update());
 * download.run(() -> fetch(url, target));   // the streams it wraps are the stage's bytes
 * configure.run(() -> initdb());
 * install.complete();
 * }</pre>
 *
 * <p>Its events ({@link Kind#OPERATION}) carry the list of its stages ({@link
 * ProgressEvent#stages()}), the current stage's name as {@link ProgressEvent#step()}, and:
 *
 * <ul>
 *   <li>the percentage: the weighted mean of the stages' shares done (a stage not begun counts 0, a
 *       completed one 1, a running stage of unknown share 0 until it ends, so that the whole is
 *       never unknown: with such stages it is the share of the stages done);
 *   <li>the count ({@link #bytes()}): the stages' counts summed;
 *   <li>the ETA: the current stage's remaining time, from its share done and the time it has taken,
 *       plus, for each stage not begun, how long it took in earlier runs of an operation of the
 *       same name, learned from the history file ({@code flowmeter.history}). While a stage not
 *       begun has no history yet, the ETA is empty (unknown) rather than guessed. When the history
 *       knows the running stage, its remaining time is a blend, weighted by its share done, of the
 *       throughput's estimate and its expected duration less the time it has taken (at least 0):
 *       early in a stage the earlier runs count most, near its end its throughput. A running stage
 *       of unknown share counts as its expected duration less the time it has taken.
 * </ul>
 *
 * <p>History: when the operation ends, however it ends, each stage that completed is recorded with
 * the time it took, and the file is saved on the thread that ended the operation (an operation
 * ended by a cancel: on the cancelling thread, before the {@link #onCancel} actions). Stages that
 * failed, were cancelled or never began are not recorded. A file that cannot be written is said
 * once in one line; {@code flowmeter.history=none} keeps no history.
 *
 * <p>How it ends:
 *
 * <ul>
 *   <li>{@link #complete()} completes the running stage; the stages never begun end {@code
 *       cancelled} with the reason {@code "skipped"}, so that no stage is left pending;
 *   <li>{@link #fail(String)} fails the running stage with the same message and ends the stages
 *       never begun {@code cancelled} ({@code "not begun: the operation failed"}); a {@linkplain
 *       Stage#fail(String) stage that fails} fails the operation this way, with the message {@code
 *       "<stage>: <message>"};
 *   <li>{@link #cancel()} (Flowmeter's cancel of a transfer and its children) cancels every stage
 *       not ended yet, the running one with its streams (their next read or write throws {@link
 *       java.io.InterruptedIOException}) and the pending ones, then runs the {@link #onCancel}
 *       actions once, the stages' first; every sink sees each of them end {@code cancelled}, once.
 * </ul>
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface Operation extends Transfer {
  /**
   * Adds a stage of weight 1 and unknown total, not begun yet. See {@link #addStage(String, long,
   * double)}.
   */
  Stage addStage(String name);

  /**
   * Adds a stage, not begun yet, after those added before.
   *
   * <p>A stage added to an operation that ended is ended at once as {@code cancelled}.
   *
   * @param name the stage's name, unique within the operation (the history keys durations by it)
   * @param totalBytes the stage's total, counted by hand or by the streams inside it; negative for
   *     unknown
   * @param weight the stage's weight in the operation's percentage, from {@value
   *     TransferBuilder#MIN_WEIGHT} to {@value TransferBuilder#MAX_WEIGHT}
   * @throws IllegalArgumentException when a stage of that name exists, or the weight is out of
   *     range
   */
  Stage addStage(String name, long totalBytes, double weight);

  /** The stages in the order they were added; unmodifiable. */
  List<Stage> stages();

  /** The stage running now, if any. */
  Optional<Stage> currentStage();
}
