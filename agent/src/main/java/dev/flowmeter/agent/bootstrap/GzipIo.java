// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.internal.Sources;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the advice in {@code GZIPInputStream} and {@code GZIPOutputStream} calls: a gzip stream
 * straight on a file stream the agent knows is a transfer of its own (name = the file's name and
 * {@code " (gunzip)"} or {@code " (gzip)"}, total unknown, counting uncompressed bytes), a child of
 * the file's transfer.
 *
 * <p>A gzip stream on anything else (a socket, a byte array, another wrapper) is not counted: its
 * bytes are already shown by whatever transfer lies beneath, if any, and it has no name to show.
 *
 * <p>Not for public use. Thread-safety: the map is guarded by itself; a gzip stream is used by one
 * thread at a time, so its {@link Tally} has one writer. Everything is caught (fail-open).
 */
public final class GzipIo {
  private static final Map<Object, Tally> TALLIES = new WeakHashMap<>();

  private GzipIo() {}

  /** After a constructor of {@code gzip} on {@code beneath}; {@code writing} for an output. */
  public static void opened(Object gzip, Object beneath, boolean writing) {
    try {
      StreamState state = StreamRegistry.find(IoThread.current(), beneath);
      if (state == null || state.name() == null) {
        return;
      }
      String name = state.name() + (writing ? " (gzip)" : " (gunzip)");
      Tally tally =
          Tally.above(
              Sources.AGENT_ZIP,
              writing ? Direction.WRITE : Direction.READ,
              writing ? "write" : "read",
              name,
              -1,
              state);
      synchronized (TALLIES) {
        TALLIES.put(gzip, tally);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** The tally of {@code gzip}, or {@code null} when it is not counted. */
  static Tally tallyOf(Object gzip) {
    synchronized (TALLIES) {
      return TALLIES.get(gzip);
    }
  }

  /**
   * After a read or write of {@code n} bytes (negative: end of stream), or one that threw {@code
   * thrown}: a failed read fails the file's transfer beneath too.
   */
  public static void moved(Object gzip, int n, Throwable thrown) {
    try {
      Tally tally = tallyOf(gzip);
      if (tally == null) {
        return;
      }
      tally.after(gzip, n, thrown); // the total is unknown: the end of stream waits for close
    } catch (Throwable e) {
      // fail-open
    }
  }

  /**
   * After {@code close()} (input) or {@code finish()} (output): the transfer is complete, or failed
   * when the call threw {@code thrown}.
   */
  public static void ended(Object gzip, Throwable thrown) {
    try {
      Tally tally;
      synchronized (TALLIES) {
        tally = TALLIES.remove(gzip);
      }
      if (tally != null) {
        tally.ended(thrown);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }
}
