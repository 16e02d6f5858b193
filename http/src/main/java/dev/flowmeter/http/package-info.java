// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code http} sink: live progress over REST, Server-Sent Events and WebSocket, and a dashboard
 * page, served by one embedded server on one port ({@code -Dflowmeter.sinks=http:8080}).
 */
@NullMarked
package dev.flowmeter.http;

import org.jspecify.annotations.NullMarked;
