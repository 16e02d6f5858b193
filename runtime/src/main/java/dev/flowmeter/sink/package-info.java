// SPDX-License-Identifier: Apache-2.0
/**
 * The sink SPI: what a sink implements and the helpers it may use.
 *
 * <p>A sink is where progress goes: the console, a CSV file, a JSON status file, a log. A {@link
 * dev.flowmeter.sink.SinkProvider} creates it from its spec in {@code flowmeter.sinks}; providers
 * are found with {@link java.util.ServiceLoader}, so a sink in a jar of your own is used like a
 * built-in one.
 *
 * <p>A sink of your own, in a module of its own, speaks as the built-in ones do through small
 * helpers: {@link dev.flowmeter.sink.EventJson} and {@link dev.flowmeter.sink.JsonWriter} (events
 * as JSON), {@link dev.flowmeter.sink.StatusWords} (the status word of a vocabulary, such as {@code
 * error} for a failed transfer), {@link dev.flowmeter.sink.Percent} (the percentage every sink
 * shows) and {@link dev.flowmeter.sink.SinkFiles} (the path from the spec, appending, atomic
 * replacement). Through its {@link dev.flowmeter.sink.SinkContext} it sees the live transfers
 * ({@link dev.flowmeter.sink.LiveTransfers}) and may cancel one.
 *
 * <p>The built-in sinks implement this SPI like any other: {@code dev.flowmeter.sinks} holds {@code
 * csv}, {@code jsonl}, {@code json} and {@code log}, and {@code dev.flowmeter.console} the console
 * bars.
 */
@NullMarked
package dev.flowmeter.sink;

import org.jspecify.annotations.NullMarked;
