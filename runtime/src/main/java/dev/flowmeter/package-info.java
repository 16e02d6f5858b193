// SPDX-License-Identifier: Apache-2.0
/**
 * Live progress for the bytes a JVM program moves.
 *
 * <p>Start with {@link dev.flowmeter.Flowmeter}: wrap a stream, channel, reader, writer or
 * iterable, or start a {@link dev.flowmeter.Transfer} and count by hand. Every transfer reports
 * {@link dev.flowmeter.ProgressEvent}s to {@link dev.flowmeter.ProgressListener}s and to the sinks
 * configured with {@code flowmeter.sinks}.
 */
@NullMarked
package dev.flowmeter;

import org.jspecify.annotations.NullMarked;
