// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Transfer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the state of an instrumented stream or channel, creating it at its first read or write.
 *
 * <p>Design notes
 *
 * <p>Hot path: each thread first looks in its own two-entry cache ({@link IoThread}), so a copy
 * loop never touches shared state; only the first call on a stream, or a switch between more than
 * two streams, takes the lock of the shared map.
 *
 * <p>Keys: a {@link WeakHashMap}, so a stream dropped without {@code close()} does not stay in
 * memory. It compares keys with {@code equals}, which the JDK's file streams and channels do not
 * override: that is identity here. Thread-safety: the map is guarded by itself.
 */
final class StreamRegistry {
  private static final Map<Object, StreamState> STATES = new WeakHashMap<>();
  // streams constructed while the instrumentation was in place, until their first counted call
  private static final Map<Object, Boolean> OPENED = new WeakHashMap<>();

  private StreamRegistry() {}

  /** The state of {@code stream}, or {@code null} when it was never seen. */
  static StreamState find(IoThread thread, Object stream) {
    StreamState state = thread.cached(stream);
    if (state != null) {
      return state;
    }
    synchronized (STATES) {
      state = STATES.get(stream);
    }
    if (state != null) {
      thread.remember(state);
    }
    return state;
  }

  /** {@code stream} was constructed now, with the instrumentation in place. */
  static void opened(Object stream) {
    synchronized (OPENED) {
      OPENED.put(stream, Boolean.TRUE);
    }
  }

  /**
   * Whether {@code stream} was constructed with the instrumentation in place (then every byte it
   * moved was seen); forgets it.
   */
  static boolean takeOpened(Object stream) {
    synchronized (OPENED) {
      return OPENED.remove(stream) != null;
    }
  }

  /** The state of {@code stream}, created with {@code fresh} when it was never seen. */
  static StreamState findOrAdd(IoThread thread, Object stream, StreamState fresh) {
    StreamState state;
    synchronized (STATES) {
      state = STATES.get(stream);
      if (state == null) {
        STATES.put(stream, fresh);
        state = fresh;
      }
    }
    thread.remember(state);
    return state;
  }

  /**
   * The running transfer of a read of the file {@code path}, or {@code null}. Walks every known
   * stream: for the rare caller that has a path and no stream (a large {@code ZipFile} entry).
   */
  static Transfer runningRead(String path) {
    synchronized (STATES) {
      for (StreamState state : STATES.values()) {
        Transfer t = state.running();
        if (t != null && state.reading() && path.equals(state.name())) {
          return t;
        }
      }
    }
    return null;
  }
}
