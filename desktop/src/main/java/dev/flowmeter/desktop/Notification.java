// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.Status;
import java.util.List;

/**
 * One desktop notification, in plain text: the platform's notifier escapes it for its own format.
 *
 * @param transferId the transfer it is about, or 0 for a digest of several
 * @param status what happened: {@link Status#STARTING}, or a final status; the worst one for a
 *     digest
 * @param summary the title, one line
 * @param lines the body, one line each, without line breaks or control characters
 */
record Notification(long transferId, Status status, String summary, List<String> lines) {
  Notification {
    lines = List.copyOf(lines);
  }

  /** Whether a transfer failed: shown as urgent, with an error icon. */
  boolean isFailure() {
    return status == Status.FAILED;
  }
}
