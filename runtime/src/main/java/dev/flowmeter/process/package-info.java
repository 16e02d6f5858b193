// SPDX-License-Identifier: Apache-2.0
/**
 * Progress read from the output of external tools (FFmpeg, curl, wget, rsync, pv, MegaCMD).
 *
 * <p>A {@link dev.flowmeter.process.ProgressParser} turns one line of a tool's output into a {@link
 * dev.flowmeter.process.ToolProgress}, or ignores it; {@link dev.flowmeter.process.ProgressParsers}
 * creates the parsers for the supported tools. A parser never throws, whatever the line.
 */
@NullMarked
package dev.flowmeter.process;

import org.jspecify.annotations.NullMarked;
