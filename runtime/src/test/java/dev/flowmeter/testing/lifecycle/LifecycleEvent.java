// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;

/**
 * One lifecycle event as a listener received it: the transfer, its status, its bytes, its error
 * ({@code ""} for none), and the path that made it and the direction of its bytes, in their words.
 */
public record LifecycleEvent(
    long transferId, Status status, long bytes, String error, String source, String direction) {
  static LifecycleEvent of(ProgressEvent event) {
    return new LifecycleEvent(
        event.transferId(),
        event.status(),
        event.bytes(),
        oneLine(event.error().orElse("")),
        event.source(),
        event.direction().word());
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
