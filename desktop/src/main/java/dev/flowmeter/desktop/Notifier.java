// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;

/**
 * Shows notifications through one platform's notifier. Called from the sink's thread only.
 *
 * <p>Each call is bounded in time: a notifier that does not answer is given up on after a few
 * seconds, so the sink's thread is never held for long, and the application never.
 */
interface Notifier {
  /**
   * Connects or checks what the notifier needs; called once, on the sink's thread, before the first
   * {@link #show}.
   *
   * @throws Unavailable when there is no notifier to show anything (no session bus, no tray)
   */
  default void open() throws Unavailable {}

  /**
   * Shows {@code notification}, replacing the one with id {@code replaces} if not 0; returns the
   * new one's id, or 0 when the notifier has none.
   *
   * @throws Unavailable when the notifier is gone for good (the session bus went away)
   * @throws IOException when this notification could not be shown (the next one may be)
   */
  long show(Notification notification, long replaces) throws IOException;

  /** Lets go of the notifier's resources; bounded in time, never throws. */
  default void close() {}

  /**
   * The notifier did not answer in time (a session bus that hangs, a tool that does not end): the
   * notification may or may not show, and the next ones would likely wait as long.
   */
  final class NoAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    NoAnswer(String message) {
      super(message);
    }
  }

  /** Says, in one line, why a notifier cannot show anything; the sink then stays silent. */
  final class Unavailable extends IOException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
