// SPDX-License-Identifier: Apache-2.0
/**
 * The sink SPI and the built-in sinks.
 *
 * <p>A sink is where progress goes: the console, a CSV file, a JSON status file, a log. A {@link
 * dev.flowmeter.sink.SinkProvider} creates it from its spec in {@code flowmeter.sinks}; providers
 * are found with {@link java.util.ServiceLoader}, so a sink in a jar of your own is used like a
 * built-in one.
 */
@NullMarked
package dev.flowmeter.sink;

import org.jspecify.annotations.NullMarked;
