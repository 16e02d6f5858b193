// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import dev.flowmeter.ProgressEvent;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.flowmeter.Transfer}: one per transfer that ended, committed by the {@code jfr} sink's
 * thread when the end reaches it.
 *
 * <p>The event spans the transfer (its start time and duration) when a recording that enables it
 * was running as the transfer started; a transfer that started before the recording gets its event
 * at its end, with a duration of zero, so a {@code threshold} above zero leaves it out. {@link
 * #elapsed} is always the transfer's whole duration. Unknown values are {@link Long#MIN_VALUE} or
 * {@code NaN}, which JFR's tools show as {@code N/A}.
 */
@Name(TransferEvent.NAME)
@Label("Transfer")
@Category("Flowmeter")
@Description("A transfer that ended: what it moved, how long it took and how it ended")
@StackTrace(false)
@Threshold("0 ms")
final class TransferEvent extends TransferEventBase {
  static final String NAME = "dev.flowmeter.Transfer";

  @Label("Parent Id")
  @Description("The id of the transfer's parent (a stage, a file group), or 0")
  long parentId;

  @Label("Unit")
  @Description("What the counts count: bytes, chars, items, or the application's own unit")
  @Nullable String unit;

  @Label("Elapsed")
  @Timespan
  @Description("The transfer's duration, from its start to its end, as the tracker measured it")
  long elapsed;

  @Label("Average Speed")
  @DataAmount
  @Frequency
  @Description("The count moved over the elapsed time, per second")
  double averageSpeed;

  @Label("Error")
  @Description("The error of a failed transfer or the reason of a cancelled one")
  @Nullable String error;

  /** Sets the fields from {@code end}, the transfer's final event. */
  void fill(ProgressEvent end) {
    fillTransfer(end);
    parentId = end.parentId();
    unit = end.unit().name();
    elapsed = end.elapsed().toNanos();
    averageSpeed = end.averageSpeed();
    error = end.error().orElse(null);
  }
}
