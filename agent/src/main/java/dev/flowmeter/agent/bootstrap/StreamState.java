// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Transfer;
import dev.flowmeter.internal.AgentHooks;
import dev.flowmeter.internal.Sources;
import java.io.File;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;

/**
 * What the agent knows of one file stream or channel: its name and total, and the threshold and
 * transfer of a {@link CountedStream}.
 *
 * <p>A stream dropped without {@code close()} has its transfer cancelled once it is unreachable;
 * this state holds the stream only weakly.
 *
 * <p>Thread-safety: as {@link CountedStream}'s, one thread at a time.
 */
final class StreamState extends CountedStream {
  private final WeakReference<Object> stream;
  private final String name;
  private final boolean reading;
  // constructed with the instrumentation in place: every byte it moved was counted
  private final boolean seenFromOpen;

  StreamState(
      Object stream,
      String name,
      boolean reading,
      long total,
      long startNanos,
      boolean seenFromOpen) {
    super(total, startNanos);
    this.stream = new WeakReference<>(stream);
    this.seenFromOpen = seenFromOpen;
    this.name = name;
    this.reading = reading;
  }

  /**
   * A state for a file stream first seen now, named by the file's absolute path ({@link
   * FileNames}); a read one takes the file's size as total.
   */
  static StreamState ofFile(Object stream, String path, boolean reading) {
    String name = FileNames.of(path);
    long total = -1;
    if (reading) {
      long size = new File(name).length();
      total = size > 0 ? size : -1; // 0 is also what pipes and /proc files report
    }
    return new StreamState(
        stream, name, reading, total, System.nanoTime(), StreamRegistry.takeOpened(stream));
  }

  Object stream() {
    return stream.get();
  }

  boolean reading() {
    return reading;
  }

  String name() {
    return name;
  }

  @Override
  Transfer start(Object source, long pending) {
    if (Callers.ignored()) {
      return null;
    }
    // what moved before the agent saw a stream opened before the instrumentation was in place; not
    // for one opened since, whose position may come from a seek or from opening to append
    long count = seenFromOpen ? pending : Math.max(pending, Positions.of(source));
    Transfer t =
        startFromFirstByte(
            AgentHooks.transfer(
                    source instanceof FileChannel ? Sources.AGENT_NIO : Sources.AGENT_FILE)
                .operation(reading ? "read" : "write") // the word says the direction
                .name(name)
                .totalBytes(total()));
    AgentHooks.record(t, count);
    return t;
  }

  /**
   * The running transfer, shown now if it was not yet (for a stream worth showing because the
   * stream above it is); {@code null} when ended, known to be small, or gone.
   */
  Transfer showNow() {
    Object source = stream();
    return source == null ? running() : showNow(source);
  }
}
