// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code dev.flowmeter.ExitFlush}: at most one per recording written at JVM exit, saying how long
 * the recording's end waited for the {@code jfr} sink to record the transfers that ended just
 * before the exit, and whether all of them made it.
 *
 * <p>A periodic event at {@code endChunk}: JFR calls its hook while ending a recording, before the
 * file is written, which is the one moment the sink can hold JFR's own shutdown hook (it runs side
 * by side with Flowmeter's, in no fixed order). Disabling it in a recording's settings disables the
 * wait.
 */
@Name(ExitFlushEvent.NAME)
@Label("Flowmeter Exit Flush")
@Category("Flowmeter")
@Description("How long the recording's end at JVM exit waited for transfers still on their way")
@StackTrace(false)
@Period("endChunk")
final class ExitFlushEvent extends jdk.jfr.Event {
  static final String NAME = "dev.flowmeter.ExitFlush";

  @Label("Complete")
  @Description("Whether every transfer that ended before the exit reached the recording")
  boolean complete;
}
