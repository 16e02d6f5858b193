// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.Percent;
import java.time.Duration;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code dev.flowmeter.TransferProgress}: one per running transfer at every {@code period} (1 s
 * unless the recording's settings say otherwise), each the tracker's snapshot of that moment.
 *
 * <p>Unknown values are {@link Long#MIN_VALUE} or {@code NaN}, which JFR's tools show as {@code
 * N/A}.
 */
@Name(TransferProgressEvent.NAME)
@Label("Transfer Progress")
@Category("Flowmeter")
@Description("A running transfer's count, share done, speed and ETA, once per period")
@StackTrace(false)
@Period("1 s")
final class TransferProgressEvent extends TransferEventBase {
  static final String NAME = "dev.flowmeter.TransferProgress";

  @Label("Done")
  @Percentage
  @Description("The share done, N/A when unknown")
  double percent;

  @Label("Speed")
  @DataAmount
  @Frequency
  @Description("The current speed, smoothed, per second")
  double speed;

  @Label("ETA")
  @Timespan
  @Description("The estimated time to completion, N/A when unknown")
  long eta;

  /** Sets the fields from {@code snapshot}. */
  void fill(ProgressEvent snapshot) {
    fillTransfer(snapshot);
    long hundredths = Percent.floor(snapshot, 100); // the figure every other sink shows
    percent = hundredths < 0 ? Double.NaN : hundredths / 10_000.0;
    speed = snapshot.speed();
    eta = snapshot.eta().map(Duration::toNanos).orElse(Long.MIN_VALUE);
  }
}
