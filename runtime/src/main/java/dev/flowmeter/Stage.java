// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One stage of an {@link Operation}: a transfer ({@link Kind#STAGE}) whose parent is the operation,
 * {@code pending} until it {@linkplain #begin() begins}.
 *
 * <p>A stage is counted by hand ({@link #advance}, {@link #progress}, {@link #fraction}) or by the
 * work that runs inside it: a stream wrapped, a {@link Tracked} call or, under the agent, any
 * transfer started on a thread that runs in the stage ({@link #run}, {@link #call}) becomes the
 * stage's child, without code of its own, and its count is the stage's. Work handed to an executor
 * follows the stage when the executor is wrapped ({@link Flowmeter#wrap(Executor)}, or {@link
 * #wrap(Executor)}), virtual threads included; a {@code CompletableFuture} stage run without an
 * executor runs on the common {@code ForkJoinPool}, whose threads do not carry the stage: give it a
 * wrapped executor.
 *
 * <p>The stage's share done: its fraction when one is set; with a total, its count (its own and its
 * children's) over the total; otherwise the mean of its children's shares; unknown when none of
 * these is known (the operation then counts the stage as 0 until it ends).
 *
 * <p>Stages run one after the other: {@linkplain #begin() beginning} a stage completes the stage
 * that was running. Ending a stage ({@link #complete()}, {@link #cancel()}) leaves the operation
 * running; {@link #fail(String)} fails the operation too.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface Stage extends Transfer {
  /** The operation this stage belongs to. */
  Operation owner();

  /**
   * Begins the stage and makes it the operation's current stage; the stage that was running, if
   * any, is completed first. Does nothing when the stage began already. The same as {@link
   * #start()}.
   *
   * @return this stage
   */
  Stage begin();

  /**
   * Begins the stage if it was not begun, runs {@code task} on this thread inside the stage (the
   * transfers it starts are the stage's children), and completes the stage when {@code task}
   * returns. When {@code task} throws, the stage fails with the exception's message (and so the
   * operation, see {@link Operation}) and the exception is thrown on; a stage cancelled meanwhile
   * stays cancelled.
   *
   * <p>A stage that ended before the call does not run {@code task}: one that was cancelled (its
   * operation was cancelled or failed, or completed without it) throws {@link
   * java.util.concurrent.CancellationException} naming the reason, so that code running stage after
   * stage stops at the first one after a cancel; one that completed or failed throws {@link
   * IllegalStateException}.
   */
  void run(Runnable task);

  /** As {@link #run(Runnable)}, returning what {@code task} returns and throwing what it throws. */
  <T> T call(Callable<T> task) throws Exception;

  /**
   * Begins the stage if it was not begun and puts this thread inside it until the returned handle
   * is closed, for code that is not a task ({@code try (var in = stage.enter()) { ... }}): the
   * transfers the thread starts meanwhile are the stage's children. Closing the handle leaves the
   * stage (the thread is back where it was) but does not end it: {@link #complete()} or {@link
   * #fail(String)} does. Close it on the thread that entered; a second close does nothing.
   */
  Entered enter();

  /** A thread's stay inside a stage, ended by {@link #close()}; see {@link Stage#enter()}. */
  interface Entered extends AutoCloseable {
    /** Puts the thread back where it was before {@link Stage#enter()}; throws nothing. */
    @Override
    void close();
  }

  /**
   * An executor that runs every task inside this stage, whichever thread hands it over: for work
   * scheduled outside {@link #run} (a {@code CompletableFuture} chain built beforehand).
   */
  Executor wrap(Executor executor);

  /**
   * Sets a message shown with the stage (its events' {@link ProgressEvent#message()}, and the
   * operation's {@link ProgressEvent.StageState#message()} of it) until another replaces it, for
   * example what the stage is doing now; {@code null} clears it. A failed stage shows its error.
   */
  void message(@Nullable String message);
}
