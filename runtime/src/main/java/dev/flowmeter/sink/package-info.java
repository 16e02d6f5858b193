// SPDX-License-Identifier: Apache-2.0
/**
 * The sink SPI and the built-in sinks.
 *
 * <p>A sink is where progress goes: the console, a CSV file, a JSON status file, a log. A {@link
 * dev.flowmeter.sink.SinkProvider} creates it from its spec in {@code flowmeter.sinks}; providers
 * are found with {@link java.util.ServiceLoader}, so a sink in a jar of your own is used like a
 * built-in one.
 *
 * <p>A sink of your own, in a module of its own, speaks as the built-in ones do through four small
 * helpers: {@link dev.flowmeter.sink.EventJson} (an event as JSON), {@link
 * dev.flowmeter.sink.StatusWords} (the status word of a vocabulary, such as {@code error} for a
 * failed transfer), {@link dev.flowmeter.sink.Percent} (the percentage every sink shows) and {@link
 * dev.flowmeter.sink.SinkFiles} (the path from the spec, appending, atomic replacement).
 */
@NullMarked
package dev.flowmeter.sink;

import org.jspecify.annotations.NullMarked;
