// SPDX-License-Identifier: Apache-2.0
/**
 * Live progress for the bytes a JVM program moves: the public API.
 *
 * <p>Start with {@link dev.flowmeter.Flowmeter}: wrap a stream, channel, reader, writer or
 * iterable, or start a {@link dev.flowmeter.Transfer} and count by hand. Every transfer reports
 * {@link dev.flowmeter.ProgressEvent}s to {@link dev.flowmeter.ProgressListener}s and to the sinks
 * configured with {@code flowmeter.sinks}. {@link dev.flowmeter.Tracked @Tracked} marks a method
 * whose streams the annotation processor wraps.
 *
 * <p>Where the rest lives: the sink SPI in {@link dev.flowmeter.sink}; the built-in file and log
 * sinks in {@code dev.flowmeter.sinks}; the console bars in {@code dev.flowmeter.console}; the
 * counting wrappers in {@code dev.flowmeter.io}; the core (tracker, transfer lifecycle, delivery to
 * sinks, configuration) in {@code dev.flowmeter.internal}, which is not for public use.
 */
@NullMarked
package dev.flowmeter;

import org.jspecify.annotations.NullMarked;
