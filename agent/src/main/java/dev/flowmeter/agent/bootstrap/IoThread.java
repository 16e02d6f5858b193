// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

/**
 * Per-thread state of the advice: the call depth that keeps nested JDK calls from counting twice,
 * and a two-entry cache of the streams this thread used last.
 *
 * <p>Confined to its thread.
 */
final class IoThread {
  private static final ThreadLocal<IoThread> CURRENT =
      new ThreadLocal<IoThread>() {
        @Override
        protected IoThread initialValue() {
          return new IoThread();
        }
      };

  /** Instrumented calls in progress on this thread; only the outermost one counts. */
  int depth;

  /**
   * The outermost call counts one side of a copy only (a {@code FileChannel.transferFrom} from a
   * channel that is not a file's, a {@code transferTo} to one, {@code FileInputStream.transferTo}):
   * the calls it makes on the other side count as if they were outermost. Set by that call's enter,
   * cleared by its exit.
   */
  boolean freeReads;

  /** As {@link #freeReads}, for the writes inside an outermost call that counts only its reads. */
  boolean freeWrites;

  // two entries, most recent first: a copy loop alternates between its input and its output
  private StreamState first;
  private StreamState second;

  static IoThread current() {
    return CURRENT.get();
  }

  StreamState cached(Object stream) {
    StreamState s = first;
    if (s != null && s.stream() == stream) {
      return s;
    }
    s = second;
    if (s != null && s.stream() == stream) {
      second = first;
      first = s;
      return s;
    }
    return null;
  }

  void remember(StreamState state) {
    second = first;
    first = state;
  }
}
