// SPDX-License-Identifier: Apache-2.0
/**
 * The built-in sinks that write files and logs: {@code csv} (one row per event), {@code jsonl} (one
 * JSON object per line), {@code json} (a status file replaced atomically) and {@code log} ({@code
 * System.Logger}).
 *
 * <p>Each is found by name through its {@link dev.flowmeter.sink.SinkProvider}, as a sink of your
 * own is; the classes other than the providers are package-private. The formats are described on
 * each provider and in the README.
 */
@NullMarked
package dev.flowmeter.sinks;

import org.jspecify.annotations.NullMarked;
