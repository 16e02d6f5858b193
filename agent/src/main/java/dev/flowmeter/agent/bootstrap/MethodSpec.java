// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.tracked.internal.Total;
import dev.flowmeter.tracked.internal.TrackedPlan;
import java.io.File;
import java.io.FileInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One instrumented application method: the {@link TrackedPlan} the shared {@code @Tracked} rules
 * made of it at transformation time, evaluated here with each call's arguments. The advice carries
 * only the spec's number.
 *
 * <p>Not for public use. Thread-safety: a spec is immutable; the registry is copy-on-write behind a
 * volatile array, so {@link #get(int)} takes no lock.
 */
public final class MethodSpec {
  private static final Object LOCK = new Object();
  private static volatile MethodSpec[] specs = new MethodSpec[0];

  final TrackedPlan plan;

  /** A spec that follows {@code plan}. */
  public MethodSpec(TrackedPlan plan) {
    this.plan = plan;
  }

  /** Keeps {@code spec} and returns the number the advice passes back to {@link MethodCalls}. */
  public static int register(MethodSpec spec) {
    synchronized (LOCK) {
      MethodSpec[] next = Arrays.copyOf(specs, specs.length + 1);
      next[next.length - 1] = spec;
      specs = next;
      return next.length - 1;
    }
  }

  static MethodSpec get(int id) {
    MethodSpec[] all = specs;
    return id >= 0 && id < all.length ? all[id] : null;
  }

  /**
   * The transfer's name for a call with {@code args}, made as the generated code makes it: by
   * {@link TrackedCall#name}, which never throws (a {@code toString()} that fails is a placeholder)
   * and bounds the length.
   */
  String name(Object[] args) {
    return TrackedCall.name(plan.name().pieces(args));
  }

  /**
   * The total for a call with {@code args}, as the generated code computes it: the argument, or
   * {@code TrackedCall.totalOf} of it (chosen here by the argument's class, there by its declared
   * type, which is one of the same four).
   */
  long total(Object[] args) {
    Total total = plan.total();
    int i = total.parameter();
    if (i < 0 || i >= args.length) {
      return ProgressEvent.UNKNOWN;
    }
    Object arg = args[i];
    if (total.kind() == Total.Kind.ARGUMENT) {
      return arg instanceof Number ? ((Number) arg).longValue() : ProgressEvent.UNKNOWN;
    }
    if (arg instanceof Path) {
      return TrackedCall.totalOf((Path) arg);
    } else if (arg instanceof File) {
      return TrackedCall.totalOf((File) arg);
    } else if (arg instanceof FileInputStream) {
      return TrackedCall.totalOf((FileInputStream) arg);
    } else if (arg instanceof SeekableByteChannel) {
      return TrackedCall.totalOf((SeekableByteChannel) arg);
    }
    return ProgressEvent.UNKNOWN;
  }
}
