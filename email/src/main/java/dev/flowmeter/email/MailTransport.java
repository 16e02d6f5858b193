// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

/** Sends one mail to the server; called from the sender thread only. */
interface MailTransport {
  /**
   * Sends {@code mail}, or says why not.
   *
   * @throws SendFailure how the failure is to be handled, with a message naming the server (and the
   *     user, never the password)
   */
  void send(Mail mail) throws SendFailure;

  /** A mail that did not go, and what to do about it. */
  final class SendFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the failure calls for. */
    enum Kind {
      /** The server could not be reached or answered "try later": keep the mail and retry. */
      RETRY,
      /** The server refused this mail (a 5xx reply, a bad recipient): drop it, go on. */
      DROP,
      /**
       * The set-up is wrong (a refused login, a TLS failure): retrying would only repeat it, so
       * nothing is sent for a while.
       */
      PAUSE
    }

    private final Kind kind;

    SendFailure(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    Kind kind() {
      return kind;
    }
  }
}
