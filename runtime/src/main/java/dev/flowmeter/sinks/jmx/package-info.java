// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code jmx} sink: an MBean per transfer ({@code dev.flowmeter:type=Transfer,id=<id>}) and one
 * for them all ({@code dev.flowmeter:type=Transfers}) in the platform MBean server, for JConsole,
 * VisualVM, JMX exporters and any JMX client.
 *
 * <p>Found by name through {@link dev.flowmeter.sinks.jmx.JmxSinkProvider}. The two MXBean
 * interfaces are public because JMX requires it, and so that a client may read the beans through
 * {@link javax.management.JMX#newMXBeanProxy}; the classes behind them are package-private. No
 * class of {@code javax.management} is loaded unless the sink is configured.
 */
@NullMarked
package dev.flowmeter.sinks.jmx;

import org.jspecify.annotations.NullMarked;
