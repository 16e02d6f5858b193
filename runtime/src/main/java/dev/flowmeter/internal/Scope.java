// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The attributes a thread puts on every transfer it starts ({@link Flowmeter#withAttributes}), the
 * parent of the transfers it starts without one (the stage of an operation it runs in, {@link
 * dev.flowmeter.Stage#run}), and their hand-over to tasks given to a wrapped executor ({@link
 * Flowmeter#wrap( java.util.concurrent.Executor)}).
 *
 * <p>A scope is immutable; entering one on a thread replaces the thread's scope until the call
 * returns, and a nested scope holds the outer one's attributes too. Costs nothing on the hot path:
 * it is read once, when a transfer is created.
 */
public final class Scope {
  private static final ThreadLocal<@Nullable Scope> current = new ThreadLocal<>();
  private static final Scope EMPTY = new Scope(Map.of(), null);

  private final Map<String, String> attributes;
  private final @Nullable TransferImpl parent;

  private Scope(Map<String, String> attributes, @Nullable TransferImpl parent) {
    this.attributes = attributes;
    this.parent = parent;
  }

  /** The scope of the calling thread (empty when none was entered). */
  public static Scope capture() {
    Scope scope = current.get();
    return scope != null ? scope : EMPTY;
  }

  /**
   * The parent of a transfer the calling thread creates without one: the stage its scope runs in,
   * unless that stage completed or failed (work left running after its stage ended is a transfer of
   * its own); a cancelled stage is given, so that it cancels the newcomer at once.
   */
  static @Nullable TransferImpl parentFor() {
    Scope scope = current.get();
    TransferImpl parent = scope == null ? null : scope.parent;
    if (parent == null) {
      return null;
    }
    Status status = parent.status();
    return status == Status.COMPLETED || status == Status.FAILED ? null : parent;
  }

  /** This scope with {@code parent} as the parent of the transfers started in it. */
  public Scope withParent(TransferImpl parent) {
    return new Scope(attributes, Objects.requireNonNull(parent, "parent"));
  }

  /** The attributes of a new transfer: its parent's, then the thread's scope's, then its own. */
  static Map<String, String> attributesFor(Map<String, String> parent, Map<String, String> own) {
    Scope scope = current.get();
    Map<String, String> scoped = scope == null ? Map.of() : scope.attributes;
    if (parent.isEmpty() && scoped.isEmpty()) {
      return own;
    }
    Map<String, String> all = new LinkedHashMap<>(parent);
    all.putAll(scoped);
    all.putAll(own);
    return all;
  }

  /** This scope with {@code more} attributes added (replacing those of the same key). */
  public Scope with(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(attributes);
    more.forEach(
        (k, v) -> all.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    return new Scope(Map.copyOf(all), parent);
  }

  /** Runs {@code task} with this scope as the thread's, restoring the thread's own after. */
  public <T> T call(Callable<T> task) throws Exception {
    Scope previous = enter();
    try {
      return task.call();
    } finally {
      exit(previous);
    }
  }

  /** Runs {@code task} with this scope as the thread's, restoring the thread's own after. */
  public void run(Runnable task) {
    Scope previous = enter();
    try {
      task.run();
    } finally {
      exit(previous);
    }
  }

  /**
   * Makes this scope the thread's until the returned action runs (once; later runs do nothing),
   * which gives the thread back the scope it had.
   */
  public Runnable open() {
    Scope previous = enter();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        exit(previous);
      }
    };
  }

  private @Nullable Scope enter() {
    Scope previous = current.get();
    current.set(this);
    return previous;
  }

  private static void exit(@Nullable Scope previous) {
    if (previous == null) {
      current.remove();
    } else {
      current.set(previous);
    }
  }

  /** {@code task}, run in this scope on whatever thread runs it. */
  Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return this == EMPTY ? task : () -> run(task);
  }

  /** {@code task}, run in this scope on whatever thread runs it. */
  <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return this == EMPTY ? task : () -> call(task);
  }
}
