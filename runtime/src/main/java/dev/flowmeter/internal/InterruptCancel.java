// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.InterruptHook;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl+C that cancels registered transfers, runs their cleanup, says one line, then lets the signal
 * do what it did before (the JVM exits with status 130).
 *
 * <p>The handler for SIGINT is installed at the first registration ({@link SigintHandler}) and
 * stays: with no transfer running it only passes the signal on, so Ctrl+C then behaves exactly as
 * without Flowmeter. When SIGINT is ignored (a background job of a non-interactive shell, {@code
 * nohup}) nothing is installed and it stays ignored; when signals cannot be handled (no {@code
 * jdk.unsupported} module, a security manager), that is said once and registrations do nothing.
 *
 * <p>Order on Ctrl+C: each registered transfer still running is cancelled with the reason {@link
 * #REASON} (its children and stages too, and its {@link Transfer#onCancel} actions run), then its
 * cleanup runs, once; the sinks are given a moment to show the cancellation; one summary line per
 * transfer is printed; then the previous handler runs. All of this happens before the JVM starts to
 * exit, so Flowmeter's shutdown hook finds these transfers already cancelled, and the cleanup has
 * finished before any shutdown hook runs. A second SIGINT while the first is being handled waits
 * for it to finish (a wrapper such as {@code timeout} passes the terminal's Ctrl+C on, so the JVM
 * gets it twice); a third passes on at once: a user who insists gets the exit.
 *
 * <p>Thread-safe: registrations come from any thread, the signal on its own thread.
 */
public final class InterruptCancel {
  /** The reason given to transfers cancelled by Ctrl+C. */
  public static final String REASON = "interrupted (Ctrl+C)";

  /** How long the sinks are given to show the cancellation before the summary line. */
  private static final long SETTLE_MILLIS = 500;

  private static final InterruptCancel global = new InterruptCancel();

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private @Nullable SigintHandler handler;
  private boolean tried;

  /** Set while a Ctrl+C is being handled: further signals meanwhile wait for it or pass. */
  private @Nullable CountDownLatch handling;

  /** Signals that came while one was being handled. */
  private int repeats;

  /** A new instance, with no handler until its first registration: {@link #global()} or tests. */
  InterruptCancel() {}

  /** The one instance of this JVM. */
  public static InterruptCancel global() {
    return global;
  }

  private static final class Registration implements InterruptHook {
    final Transfer transfer;
    final @Nullable Runnable cleanup;
    final InterruptCancel owner;

    Registration(InterruptCancel owner, Transfer transfer, @Nullable Runnable cleanup) {
      this.owner = owner;
      this.transfer = transfer;
      this.cleanup = cleanup;
    }

    @Override
    public void close() {
      owner.registrations.remove(this);
    }
  }

  /**
   * Registers {@code transfer} to be cancelled on Ctrl+C, then {@code cleanup} (when not null) run;
   * see the class comment. {@code print} says the summary line (the console's way).
   */
  public InterruptHook register(
      Transfer transfer, @Nullable Runnable cleanup, Consumer<String> print, Runnable settle) {
    Objects.requireNonNull(transfer, "transfer");
    Registration registration = new Registration(this, transfer, cleanup);
    synchronized (lock) {
      if (!tried) {
        tried = true;
        handler = SigintHandler.install(() -> interrupted(print, settle));
      }
      if (handler == null) {
        return registration; // not installed (ignored, or no signals): a hook that does nothing
      }
    }
    return add(registration);
  }

  /**
   * Adds {@code registration} without installing the handler, and drops those whose transfer ended
   * (never closed by a program that registers each of its operations: they would pile up).
   */
  InterruptHook add(Transfer transfer, @Nullable Runnable cleanup) {
    return add(new Registration(this, Objects.requireNonNull(transfer, "transfer"), cleanup));
  }

  private InterruptHook add(Registration registration) {
    registrations.removeIf(r -> r.transfer.isDone());
    registrations.add(registration);
    return registration;
  }

  /** How many registrations are held. */
  int registered() {
    return registrations.size();
  }

  /**
   * On the signal's thread: cancels, cleans up and says so; the caller then passes the signal on.
   */
  private void interrupted(Consumer<String> print, Runnable settle) {
    CountDownLatch mine;
    CountDownLatch first;
    boolean insists;
    synchronized (lock) {
      first = handling;
      insists = first != null && ++repeats > 1;
      mine = first == null ? new CountDownLatch(1) : null;
      if (mine != null) {
        handling = mine;
      }
    }
    if (first != null) {
      if (!insists) {
        awaitQuietly(first); // the same Ctrl+C passed on by a wrapper: let the first finish
      }
      return;
    }
    try {
      cancelAndCleanUp(print, settle);
    } finally {
      synchronized (lock) {
        handling = null;
        repeats = 0;
      }
      mine.countDown();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void cancelAndCleanUp(Consumer<String> print, Runnable settle) {
    List<Registration> cancelled = new ArrayList<>();
    List<ProgressEvent> before = new ArrayList<>();
    // snapshots first: cancelling one transfer may end another registered (the same one twice, a
    // stage of an operation registered too), whose cleanup is owed all the same
    for (Registration r : registrations) {
      ProgressEvent snapshot = r.transfer.snapshot();
      if (!snapshot.isFinal() && registrations.remove(r)) {
        cancelled.add(r);
        before.add(snapshot);
      }
    }
    for (int i = cancelled.size() - 1; i >= 0; i--) {
      Registration r = cancelled.get(i);
      r.transfer.cancel(REASON);
      if (r.transfer.status() != Status.CANCELLED) { // it ended by itself meanwhile: no cleanup
        cancelled.remove(i);
        before.remove(i);
      }
    }
    if (cancelled.isEmpty()) {
      return;
    }
    List<String> outcomes = new ArrayList<>(cancelled.size());
    for (Registration r : cancelled) {
      outcomes.add(cleanUp(r.cleanup));
    }
    settle.run();
    for (int i = 0; i < cancelled.size(); i++) {
      print.accept(summary(before.get(i), outcomes.get(i)));
    }
  }

  /** Runs {@code cleanup}, and says how it went: {@code ; cleaned up}, {@code ; cleanup failed}. */
  static String cleanUp(@Nullable Runnable cleanup) {
    if (cleanup == null) {
      return "";
    }
    try {
      cleanup.run();
      return "; cleaned up";
    } catch (Throwable t) { // the user's code: whatever it throws, the summary and the exit follow
      String message = t.getMessage();
      return "; cleanup failed: "
          + (message == null || message.isBlank() ? t.getClass().getName() : message);
    }
  }

  /**
   * {@code Installing PostgreSQL cancelled at 45 % (stage 3 of 5); cleaned up}, from the transfer's
   * last snapshot before the cancel; without a known percentage, {@code cancelled after 3.0 s}; the
   * stage part only for an operation with stages.
   */
  static String summary(ProgressEvent before, String outcome) {
    StringBuilder line = new StringBuilder(Text.sanitize(before.name()));
    if (before.name().isEmpty()) {
      line.append("transfer #").append(before.transferId());
    }
    line.append(" cancelled ");
    if (before.isPercentageKnown()) {
      line.append("at ").append((int) Math.floor(before.percentage())).append(" %");
    } else {
      line.append("after ").append(Text.duration(before.elapsed()));
    }
    List<StageState> stages = before.stages();
    if (!stages.isEmpty()) {
      int current = currentStage(before);
      line.append(" (stage ").append(current + 1).append(" of ").append(stages.size()).append(')');
    }
    return line.append(Text.sanitize(outcome)).toString();
  }

  /** The index of the stage named by {@code step()}, else of the first that has not ended. */
  private static int currentStage(ProgressEvent e) {
    List<StageState> stages = e.stages();
    String step = e.step().orElse(null);
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).name().equals(step)) {
        return i;
      }
    }
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).status() != Status.COMPLETED) {
        return i;
      }
    }
    return stages.size() - 1;
  }
}
