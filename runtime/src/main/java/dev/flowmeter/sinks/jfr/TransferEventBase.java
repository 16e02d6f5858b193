// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import dev.flowmeter.ProgressEvent;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import org.jspecify.annotations.Nullable;

/**
 * The fields {@link TransferEvent} and {@link TransferProgressEvent} share. Abstract, so JFR
 * registers only its two subclasses, each with these fields first.
 */
abstract class TransferEventBase extends jdk.jfr.Event {
  @Label("Id")
  @Description("The transfer's id, unique within the JVM")
  long id;

  @Label("Operation")
  @Description("read, write, upload, download, copy, or the application's own word")
  @Nullable String operation;

  @Label("Name")
  @Description("A file name, a URL, or the application's label")
  @Nullable String name;

  @Label("Moved")
  @DataAmount
  @Description("The count moved so far")
  long bytes;

  @Label("Total")
  @DataAmount
  @Description("The total count, N/A when unknown")
  long total;

  @Label("Status")
  @Description("The transfer's status word (starting, in_progress, saving, completed, ...)")
  @Nullable String status;

  /** Sets the shared fields from {@code event}. */
  void fillTransfer(ProgressEvent event) {
    id = event.transferId();
    operation = event.operation();
    name = event.name();
    bytes = event.bytes();
    total = event.isTotalKnown() ? event.totalBytes() : Long.MIN_VALUE;
    status = event.status().word();
  }
}
