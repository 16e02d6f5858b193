// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code jfr} sink: JDK Flight Recorder events for transfers ({@code dev.flowmeter.Transfer}
 * when one ends, {@code dev.flowmeter.TransferProgress} periodically while it runs), in the {@code
 * Flowmeter} category of JDK Mission Control and {@code jfr print}.
 *
 * <p>Found by name through {@link dev.flowmeter.sinks.jfr.JfrSinkProvider}; the other classes are
 * package-private. No class of {@code jdk.jfr} is loaded unless the sink is configured.
 */
@NullMarked
package dev.flowmeter.sinks.jfr;

import org.jspecify.annotations.NullMarked;
