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
import org.jspecify.annotations.Nullable;

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
final class TransferProgressEvent extends jdk.jfr.Event {
  static final String NAME = "dev.flowmeter.TransferProgress";

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

  @Label("Status")
  @Description("starting, in_progress or saving")
  @Nullable String status;

  /** Sets the fields from {@code snapshot}. */
  void fill(ProgressEvent snapshot) {
    id = snapshot.transferId();
    operation = snapshot.operation();
    name = snapshot.name();
    bytes = snapshot.bytes();
    total = snapshot.isTotalKnown() ? snapshot.totalBytes() : Long.MIN_VALUE;
    long hundredths = Percent.floor(snapshot, 100); // the figure every other sink shows
    percent = hundredths < 0 ? Double.NaN : hundredths / 10_000.0;
    speed = snapshot.speed();
    eta = snapshot.eta().map(Duration::toNanos).orElse(Long.MIN_VALUE);
    status = snapshot.status().word();
  }
}
