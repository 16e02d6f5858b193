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
