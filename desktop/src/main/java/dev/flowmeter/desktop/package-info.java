// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code desktop} sink: a desktop notification when a transfer ends ({@code
 * -Dflowmeter.sinks=desktop}), through D-Bus {@code org.freedesktop.Notifications} on Linux, {@code
 * osascript} on macOS and the system tray on Windows.
 */
@NullMarked
package dev.flowmeter.desktop;

import org.jspecify.annotations.NullMarked;
