// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.internal.Sources;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.tracked.internal.StreamKind;
import dev.flowmeter.tracked.internal.Wrapping;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * What the advice in application methods calls (named in {@code flowmeter.methods.include} or
 * annotated {@code @Tracked}): the same steps as the code the {@code @Tracked} processor generates,
 * through {@link TrackedCall}, following the same plan of the shared rules ({@link MethodSpec}), so
 * both give the same transfers.
 *
 * <p>Not for public use. Thread-safety: a call belongs to the thread running the method, as {@link
 * TrackedCall} requires. Fail-open: everything is caught; on any error the method runs as if not
 * instrumented.
 */
public final class MethodCalls {
  private MethodCalls() {}

  /** On entry to method {@code id}: begins its call, or returns {@code null}. */
  public static Object begin(int id, Object[] args) {
    try {
      MethodSpec spec = MethodSpec.get(id);
      if (spec == null) {
        return null;
      }
      return TrackedCall.beginFrom(
          Sources.AGENT_TRACKED, spec.plan.operation(), spec.name(args), spec.total(args));
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * The arguments with the counted parameters wrapped, or {@code null} when nothing changed (a
   * method whose result is counted keeps its parameters).
   */
  public static Object[] wrap(Object call, int id, Object[] args) {
    try {
      MethodSpec spec = MethodSpec.get(id);
      if (!(call instanceof TrackedCall) || spec == null || spec.plan.resultKind() != null) {
        return null;
      }
      TrackedCall c = (TrackedCall) call;
      Object[] wrapped = null;
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        Object w = wrapOne(c, spec.plan.wrapping(i), spec.plan.parameterKind(i), arg);
        if (w != arg) {
          if (wrapped == null) {
            wrapped = args.clone();
          }
          wrapped[i] = w;
        }
      }
      return wrapped;
    } catch (Throwable e) {
      return null;
    }
  }

  private static Object wrapOne(TrackedCall c, Wrapping wrapping, StreamKind kind, Object arg) {
    boolean channel = kind == StreamKind.READABLE_CHANNEL || kind == StreamKind.WRITABLE_CHANNEL;
    switch (wrapping) {
      case READING:
        return channel ? c.reading((ReadableByteChannel) arg) : c.reading((InputStream) arg);
      case WRITING:
        return channel ? c.writing((WritableByteChannel) arg) : c.writing((OutputStream) arg);
      case WRITING_AS_CHILD:
        return channel
            ? c.writingAsChild((WritableByteChannel) arg)
            : c.writingAsChild((OutputStream) arg);
      default:
        return arg;
    }
  }

  /** On exit from a method whose result is not counted: returned, or threw {@code error}. */
  public static void end(Object call, Throwable error) {
    try {
      if (call instanceof TrackedCall) {
        if (error == null) {
          ((TrackedCall) call).returned();
        } else {
          ((TrackedCall) call).failed(error);
        }
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /**
   * On exit from a method whose stream result is counted: the result to return instead (the same
   * object when nothing is wrapped).
   */
  public static Object result(Object call, int id, Object result, Throwable error) {
    try {
      MethodSpec spec = MethodSpec.get(id);
      if (!(call instanceof TrackedCall) || spec == null) {
        return result;
      }
      TrackedCall c = (TrackedCall) call;
      if (error != null) {
        c.failed(error);
        return result;
      }
      StreamKind kind = spec.plan.resultKind();
      if (kind == null) {
        c.returned();
        return result;
      }
      switch (kind) {
        case INPUT_STREAM:
          return c.result((InputStream) result);
        case OUTPUT_STREAM:
          return c.result((OutputStream) result);
        case READABLE_CHANNEL:
          return c.result((ReadableByteChannel) result);
        default:
          return c.result((WritableByteChannel) result);
      }
    } catch (Throwable e) {
      return result;
    }
  }
}
