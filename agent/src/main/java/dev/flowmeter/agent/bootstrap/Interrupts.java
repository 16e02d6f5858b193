// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.io.InterruptedIOException;

/**
 * What the advice added under {@code flowmeter.agent.cancel=interrupt} calls before each call that
 * moves data through a JDK stream the agent counts: whether a user's cancel stopped the stream's
 * transfer.
 *
 * <p>Design notes
 *
 * <p>Only installed in that mode: with the default, {@code mark}, the advice is not there and the
 * JDK's streams carry no check at all.
 *
 * <p>Hot path: the stream's state is found as the counting advice finds it (the per-thread cache
 * for a file stream or channel; for a gzip or zip stream, after a miss there, the map of its kind),
 * then {@link CountedStream#stopped()} reads the transfer's stop field, a plain load once compiled;
 * nothing is allocated unless the transfer was stopped.
 *
 * <p>Which cancels stop I/O is the runtime's rule, the same as for the library's wrappers: a user's
 * {@code Transfer.cancel} (or a sink's cancel by id), and the cancel of a parent, do; an
 * interruption the stream itself reported, the cancellations at JVM shutdown and that of a stream
 * dropped without close do not, so they never make the application's I/O throw.
 *
 * <p>Class loading: this class names no JDK class the agent instruments (not even in an {@code
 * instanceof}, hence the look-ups by identity): it is loaded inside the first instrumented call,
 * possibly while a class is being transformed, and a class its verification loads then would be
 * left uninstrumented.
 *
 * <p>Not for public use. Thread-safety: as the counting advice's; everything is caught (fail-open).
 */
public final class Interrupts {
  private Interrupts() {}

  /**
   * Before a call that moves data through {@code stream}, under {@code
   * flowmeter.agent.cancel=interrupt}: throws the {@code InterruptedIOException} the call must
   * throw instead of running, when a user's cancel stopped the stream's transfer; returns
   * otherwise, and on any error of its own (fail-open).
   */
  public static void check(Object stream) throws InterruptedIOException {
    Object stopped = stopped(stream);
    if (stopped instanceof InterruptedIOException) {
      throw (InterruptedIOException) stopped;
    }
  }

  /**
   * As {@link #check(Object)} for a call through a file channel, whose bytes count into the
   * transfer of {@code parent}, the file stream or {@code RandomAccessFile} that made it, when not
   * {@code null}.
   */
  public static void check(Object channel, Object parent) throws InterruptedIOException {
    check(parent != null ? parent : channel);
  }

  /**
   * Before a call that moves data through {@code stream} (a file stream, {@code RandomAccessFile},
   * file channel, gzip stream or {@code ZipInputStream}): the {@code InterruptedIOException} the
   * call must throw instead, without running, or {@code null} to let it run.
   */
  static Object stopped(Object stream) {
    try {
      CountedStream counted = StreamRegistry.find(IoThread.current(), stream);
      if (counted == null) {
        counted = GzipIo.tallyOf(stream);
      }
      if (counted == null) {
        counted = ZipIo.entryOf(stream);
      }
      return counted == null ? null : counted.stopped();
    } catch (Throwable e) {
      return null; // fail-open: the call runs
    }
  }
}
