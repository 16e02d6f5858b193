// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code console} sink: live bars on a terminal that keep what the program prints above them,
 * and plain lines where there is no terminal.
 *
 * <p>{@link dev.flowmeter.console.ConsoleSinkProvider} is its entry point; the rest is
 * package-private: the screen model, the bar rendering, the terminal detection, and the log of
 * lines the console writes.
 */
@NullMarked
package dev.flowmeter.console;

import org.jspecify.annotations.NullMarked;
