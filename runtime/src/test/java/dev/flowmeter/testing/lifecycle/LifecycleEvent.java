// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;

/**
 * One lifecycle event as a listener received it: the transfer, its status, its bytes and its error
 * ({@code ""} for none).
 */
public record LifecycleEvent(long transferId, Status status, long bytes, String error) {
  static LifecycleEvent of(ProgressEvent event) {
    return new LifecycleEvent(
        event.transferId(), event.status(), event.bytes(), oneLine(event.error().orElse("")));
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  /** {@code status bytes [error]}, as test reports show it. */
  @Override
  public String toString() {
    return status.word() + " " + bytes + (error.isEmpty() ? "" : " [" + error + "]");
  }
}
