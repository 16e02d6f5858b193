// SPDX-License-Identifier: Apache-2.0
/**
 * External tools (FFmpeg, curl, wget, rsync, pv, MegaCMD) tracked through the progress they print.
 *
 * <p>A {@link dev.flowmeter.process.ProgressParser} turns one line of a tool's output into a {@link
 * dev.flowmeter.process.ToolProgress}, or ignores it; {@link dev.flowmeter.process.ProgressParsers}
 * creates the parsers for the supported tools. A parser never throws, whatever the line. {@link
 * dev.flowmeter.process.TrackedProcess} runs a tool with a parser and shows its progress as a
 * transfer ({@link dev.flowmeter.Flowmeter#track}).
 */
@NullMarked
package dev.flowmeter.process;

import org.jspecify.annotations.NullMarked;
