// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.TrackedCall;
import java.io.File;
import java.io.FileInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the agent worked out, at transformation time, about one instrumented application method: the
 * operation, how to build the name and the total from the arguments, and which parameters and which
 * result are counted. The advice carries only the spec's number.
 *
 * <p>Not for public use. Thread-safety: a spec is immutable; the registry is copy-on-write behind a
 * volatile array, so {@link #get(int)} takes no lock.
 */
public final class MethodSpec {
  /** A parameter or result that is not counted. */
  public static final byte NONE = 0;

  /** Declared as {@code InputStream}. */
  public static final byte INPUT_STREAM = 1;

  /** Declared as {@code OutputStream}. */
  public static final byte OUTPUT_STREAM = 2;

  /** Declared as {@code ReadableByteChannel}. */
  public static final byte READABLE_CHANNEL = 3;

  /** Declared as {@code WritableByteChannel}. */
  public static final byte WRITABLE_CHANNEL = 4;

  /** The total is a {@code long} or {@code int} argument. */
  public static final byte TOTAL_NUMBER = 1;

  /** The total is the size of a {@code Path} or {@code File} argument, or what is left to read. */
  public static final byte TOTAL_SIZE = 2;

  private static final Object LOCK = new Object();
  private static volatile MethodSpec[] specs = new MethodSpec[0];

  final String operation;
  private final Object[] nameParts;
  private final int totalIndex;
  private final byte totalKind;
  final byte[] parameters;
  final byte result;
  final boolean copy;

  /**
   * A spec.
   *
   * @param operation the operation word
   * @param nameParts literal {@code String}s and {@code Integer} argument indexes, concatenated
   * @param totalIndex the argument that gives the total, or -1
   * @param totalKind {@link #TOTAL_NUMBER} or {@link #TOTAL_SIZE} (ignored without an index)
   * @param parameters the kind of each parameter ({@link #NONE} for one that is not counted)
   * @param result the kind of the result
   */
  public MethodSpec(
      String operation,
      Object[] nameParts,
      int totalIndex,
      byte totalKind,
      byte[] parameters,
      byte result) {
    this.operation = operation;
    this.nameParts = nameParts.clone();
    this.totalIndex = totalIndex;
    this.totalKind = totalKind;
    this.parameters = parameters.clone();
    this.result = result;
    boolean in = false;
    boolean out = false;
    for (byte p : parameters) {
      in |= p == INPUT_STREAM || p == READABLE_CHANNEL;
      out |= p == OUTPUT_STREAM || p == WRITABLE_CHANNEL;
    }
    this.copy = in && out;
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

  String name(Object[] args) {
    StringBuilder b = new StringBuilder();
    for (Object part : nameParts) {
      if (part instanceof Integer) {
        int i = (Integer) part;
        b.append(i < args.length ? String.valueOf(args[i]) : "");
      } else {
        b.append(part);
      }
    }
    return b.toString();
  }

  long total(Object[] args) {
    if (totalIndex < 0 || totalIndex >= args.length) {
      return ProgressEvent.UNKNOWN;
    }
    Object arg = args[totalIndex];
    if (totalKind == TOTAL_NUMBER) {
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
