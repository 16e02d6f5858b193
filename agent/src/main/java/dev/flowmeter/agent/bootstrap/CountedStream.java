// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.internal.AgentHooks;
import dev.flowmeter.internal.TransferEnds;
import java.io.InterruptedIOException;

/**
 * One stream the agent counts, before and after it is worth showing: the agent's threshold, and the
 * runtime's end rules ({@link TransferEnds}) applied once it is a transfer. The file streams
 * ({@link StreamState}) and the streams the agent wraps itself ({@link Tally}: zip and gzip
 * entries, HTTP bodies) differ only in how they make their transfer.
 *
 * <p>Threshold: a stream becomes a transfer when its known total is at least {@code
 * flowmeter.agent.min-bytes} or, with its total unknown, once it moved that many bytes or lasted
 * {@code flowmeter.agent.delay}. Until then it costs one addition per call and is never reported;
 * one whose known total is smaller is never looked at again. The rule stays here, in the agent,
 * because only the agent decides on its own whether a stream is worth showing: a library wrapper or
 * a {@code @Tracked} call is shown because the application asked for it.
 *
 * <p>Ends: end of stream completes only with a known total, or never while a stream above this one
 * reads it ({@link #endsWithStreamAbove()}); close completes; an exception fails, or cancels when
 * it is an interruption; a stream dropped without close is cancelled once unreachable (the
 * runtime's Cleaner). The first end wins (the transfer's own rule), and once this stream ended it
 * counts no more. Every end keeps the total and the honest count, as the library's wrappers do: a
 * reader that closed before the end (as {@code ZipInputStream} does before an archive's central
 * directory, or the random reads of a {@code ZipFile}) completes with the share that really moved.
 *
 * <p>Cancel: a user's cancel (not an interruption, an abandonment or the cancellations at JVM
 * shutdown, which never stop I/O) marks the transfer and stops its reporting; under {@code
 * flowmeter.agent.cancel=interrupt} the stream's next call that moves data throws the exception
 * {@link #stopped()} makes, before it moves anything. The check is the library wrappers' own
 * ({@link AgentHooks#stopped}): a plain load of the transfer's field once compiled, no allocation.
 *
 * <p>Hot path: a shown stream's bytes go to {@link AgentHooks#record}, the one plain addition of
 * the library's wrappers. That needs one writer: a stream is used by one thread at a time (the
 * JDK's streams do not promise more either); one shared between threads without synchronization may
 * be counted approximately, never wrongly enough to throw. Every method catches everything
 * (fail-open).
 */
abstract class CountedStream {
  private final long total;
  private final long startNanos;
  private long pending;
  private Transfer transfer;
  private boolean done;
  // a decompressing stream reads this one: its end of stream is not the end of the work
  private boolean endsWithStreamAbove;
  // flowmeter.agent.cancel=interrupt when this stream was made: read once, not at every call
  private final boolean interrupts;

  CountedStream(long total, long startNanos) {
    this.total = total;
    this.startNanos = startNanos;
    this.interrupts = AgentSettings.interruptsOnCancel();
  }

  /**
   * Makes and starts the transfer for a stream now worth showing, with the {@code pending} bytes it
   * moved so far already counted; {@code null} when it is not to be shown (an ignored caller).
   */
  abstract Transfer start(Object source, long pending);

  /**
   * Starts the transfer {@code builder} describes as if it had started when this stream was first
   * seen: a stream shown only after {@code flowmeter.agent.delay} or {@code min-bytes} keeps its
   * real elapsed time, average speed and start timestamp.
   */
  final Transfer startFromFirstByte(TransferBuilder builder) {
    Transfer t = builder.pending();
    AgentHooks.startAgo(t, System.nanoTime() - startNanos);
    return t;
  }

  /** The total the stream was opened with, or -1 when unknown. */
  final long total() {
    return total;
  }

  /** The transfer once shown, else {@code null}. */
  final Transfer transfer() {
    return transfer;
  }

  /** The transfer while it is shown and not ended, else {@code null}. */
  final Transfer running() {
    return done ? null : transfer;
  }

  /**
   * After a read or write through {@code source}, the stream that counts it: {@code n} bytes moved
   * (negative: end of stream), or the call threw {@code thrown} (not null).
   */
  final void after(Object source, long n, Throwable thrown) {
    if (thrown != null) {
      failed(thrown);
    } else if (n > 0) {
      moved(source, n);
    } else if (n < 0) {
      endOfStream();
    }
  }

  /**
   * After the call that ends the stream ({@code close()}, {@code finish()}, {@code closeEntry()}):
   * complete, or failed when it threw {@code thrown} (not null).
   */
  final void ended(Throwable thrown) {
    if (thrown != null) {
      failed(thrown);
    }
    closed();
  }

  /** {@code n} more bytes moved (n > 0) through {@code source}, the stream that counts them. */
  final void moved(Object source, long n) {
    try {
      if (done) {
        return;
      }
      Transfer t = transfer;
      if (t != null) {
        AgentHooks.record(t, n);
        return;
      }
      pending += n;
      long min = AgentSettings.minBytes();
      if (total >= 0) {
        if (total >= min) {
          show(source);
        } else {
          done = true; // known and small: never shown
        }
      } else if (pending >= min || System.nanoTime() - startNanos >= AgentSettings.delayNanos()) {
        show(source);
      }
    } catch (Throwable e) {
      done = true; // fail-open
    }
  }

  /**
   * The running transfer, shown now if it was not yet (for a stream worth showing because the
   * stream above it is); {@code null} when ended, known to be small, or ignored.
   */
  final Transfer showNow(Object source) {
    try {
      if (transfer == null && !done) {
        show(source);
      }
    } catch (Throwable e) {
      done = true; // fail-open
    }
    return running();
  }

  private void show(Object source) {
    done = true; // stays so when the stream is ignored or the transfer cannot be made
    Transfer t = start(source, pending);
    if (t == null) {
      return;
    }
    // a stream the application drops without close() must not leave a transfer running for ever
    TransferEnds.abandoned(source, t);
    transfer = t;
    done = false;
  }

  /**
   * A stream above this one (a {@code GZIPInputStream}, a {@code ZipInputStream}) reads it: its end
   * of stream no longer completes it, so that the stream above, failing on what it read (a
   * truncated archive), can still fail it; it ends with its close instead.
   */
  final void endsWithStreamAbove() {
    endsWithStreamAbove = true;
  }

  /** A read returned -1: completes the transfer when its total is known. */
  final void endOfStream() {
    Transfer t = transfer;
    if (t == null || done || endsWithStreamAbove) {
      return;
    }
    TransferEnds.endOfStream(t);
    done = isDone(t);
  }

  /** The stream was closed (or its part ended) without error: the transfer is complete. */
  final void closed() {
    done = true;
    Transfer t = transfer;
    if (t != null) {
      TransferEnds.closed(t);
    }
  }

  /**
   * The exception the next call that moves data must throw when a user's cancel stopped this
   * stream's transfer ({@code "transfer cancelled: <reason> (<operation> <name>, transfer <id>)"}),
   * else {@code null}. Made only when stopped: the check itself allocates nothing.
   */
  final InterruptedIOException stopped() {
    try {
      Transfer t = transfer;
      return t != null && AgentHooks.stopped(t) ? interruption(t) : null;
    } catch (Throwable e) {
      return null; // fail-open: the call goes through
    }
  }

  /**
   * Under {@code flowmeter.agent.cancel=interrupt}, before a call that moves data through a stream
   * the agent wrapped itself: throws when a user's cancel stopped this stream's transfer.
   */
  final void checkNotStopped() throws InterruptedIOException {
    if (interrupts) {
      InterruptedIOException e = stopped();
      if (e != null) {
        throw e;
      }
    }
  }

  private static InterruptedIOException interruption(Transfer t) {
    String reason = t.snapshot().error().orElse(null);
    return new InterruptedIOException(
        "transfer cancelled"
            + (reason == null || reason.equals("cancelled") ? "" : ": " + reason)
            + " ("
            + t.operation()
            + " "
            + t.name()
            + ", transfer "
            + t.id()
            + ")");
  }

  /**
   * A call threw {@code thrown}: the transfer failed, or was cancelled by an interruption; the
   * caller's own argument error changes nothing.
   */
  void failed(Throwable thrown) {
    if (done) {
      return;
    }
    Transfer t = transfer;
    if (t != null) {
      TransferEnds.threw(t, thrown);
      done = isDone(t);
    } else {
      done = !TransferEnds.isCallersError(thrown); // failed before it was worth showing
    }
  }

  private static boolean isDone(Transfer t) {
    try {
      return t.isDone();
    } catch (Throwable e) {
      return true; // fail-open: count no more into a transfer that cannot say
    }
  }
}
