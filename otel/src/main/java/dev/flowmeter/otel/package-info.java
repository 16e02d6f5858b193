// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code otel} and {@code prometheus} sinks: Flowmeter's transfers as OpenTelemetry metrics
 * ({@code flowmeter.bytes}, active and finished transfers, durations), exported through the
 * OpenTelemetry SDK's autoconfiguration or served for Prometheus to scrape.
 */
@NullMarked
package dev.flowmeter.otel;

import org.jspecify.annotations.NullMarked;
