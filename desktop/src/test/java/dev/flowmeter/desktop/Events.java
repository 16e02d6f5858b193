// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;

/** Lifecycle events of a transfer, as the tracker sends them, for the sink's tests. */
final class Events {
  private Events() {}

  /** A 3 MiB download that took 3 s. */
  static ProgressEvent completed(long id, String name) {
    return base(id, name, Status.COMPLETED).bytes(3 << 20).totalBytes(3 << 20).build();
  }

  static ProgressEvent failed(long id, String name, String error) {
    return base(id, name, Status.FAILED).bytes(1 << 20).totalBytes(3 << 20).error(error).build();
  }

  static ProgressEvent started(long id, String name) {
    return base(id, name, Status.STARTING).elapsed(Duration.ZERO).totalBytes(3 << 20).build();
  }

  static ProgressEvent.Builder base(long id, String name, Status status) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("download")
        .name(name)
        .status(status)
        .lifecycle(true)
        .elapsed(Duration.ofSeconds(3))
        .averageSpeed((3 << 20) / 3.0);
  }
}
