// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.AgentHooks;
import java.io.File;
import java.lang.ref.WeakReference;

/**
 * What the agent knows of one stream or channel: its name and total, the bytes it moved before it
 * became worth showing, and its transfer once it is shown.
 *
 * <p>A stream becomes a transfer when its known total is at least {@code flowmeter.agent.min-bytes}
 * or, with its total unknown, once it moved that many bytes or lasted {@code
 * flowmeter.agent.delay}. Until then it costs one addition per call and is never reported; one
 * whose known total is smaller is never looked at again.
 *
 * <p>A stream dropped without {@code close()} has its transfer cancelled once it is unreachable
 * (the runtime's Cleaner, as for its own wrappers); this state holds the stream only weakly.
 *
 * <p>Thread-safety: a stream is used by one thread at a time (the JDK's streams do not promise more
 * either); a stream shared between threads without synchronization may be counted approximately,
 * never wrongly enough to throw.
 */
final class StreamState {
  private final WeakReference<Object> stream;
  private final String name;
  private final boolean reading;
  private final long total;
  private final long startNanos;
  // constructed with the instrumentation in place: every byte it moved was counted
  private final boolean seenFromOpen;
  private long pending;
  private Transfer transfer;
  private boolean done;

  StreamState(
      Object stream,
      String name,
      boolean reading,
      long total,
      long startNanos,
      boolean seenFromOpen) {
    this.stream = new WeakReference<>(stream);
    this.seenFromOpen = seenFromOpen;
    this.name = name;
    this.reading = reading;
    this.total = total;
    this.startNanos = startNanos;
  }

  /** A state for a file stream first seen now; a read one takes the file's size as total. */
  static StreamState ofFile(Object stream, String path, boolean reading) {
    long total = -1;
    if (reading) {
      long size = new File(path).length();
      total = size > 0 ? size : -1; // 0 is also what pipes and /proc files report
    }
    return new StreamState(
        stream, path, reading, total, System.nanoTime(), StreamRegistry.takeOpened(stream));
  }

  Object stream() {
    return stream.get();
  }

  boolean reading() {
    return reading;
  }

  Transfer transfer() {
    return transfer;
  }

  String name() {
    return name;
  }

  /** The transfer while it is shown and not ended, else {@code null}. */
  Transfer running() {
    return done ? null : transfer;
  }

  /** {@code n} more bytes moved (n > 0). */
  void moved(Object source, long n) {
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
  }

  private void show(Object source) {
    done = true; // stays so when the stream is ignored or the transfer cannot be made
    if (Callers.ignored()) {
      return;
    }
    // what moved before the agent saw a stream opened before the instrumentation was in place; not
    // for one opened since, whose position may come from a seek or from opening to append
    long count = seenFromOpen ? pending : Math.max(pending, Positions.of(source));
    Transfer t =
        Flowmeter.transfer()
            .operation(reading ? "read" : "write")
            .name(name)
            .totalBytes(total)
            .start();
    t.advance(count);
    // a stream the application drops without close() must not leave a transfer running for ever
    AgentHooks.cancelWhenUnreachable(source, t);
    transfer = t;
    done = false;
  }

  /**
   * The running transfer, shown now if it was not yet (for a stream worth showing because the
   * stream above it is); {@code null} when ended, known to be small, or gone.
   */
  Transfer showNow() {
    if (transfer == null && !done) {
      Object source = stream();
      if (source != null) {
        show(source);
      }
    }
    return running();
  }

  /** End of stream was reached: a read with a known total is complete. */
  void endOfStream() {
    Transfer t = transfer;
    if (t != null && reading && total >= 0) {
      t.complete();
      done = true;
    }
  }

  /** The stream was closed: its transfer is complete. */
  void closed() {
    done = true;
    Transfer t = transfer;
    if (t != null) {
      t.complete();
    }
  }

  /** A call threw: the transfer failed. */
  void failed(Throwable thrown) {
    Transfer t = transfer;
    if (t != null && !done) {
      t.fail(thrown);
    }
    done = true;
  }
}
