// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;

/**
 * One event as the server sends it, rendered once for every client.
 *
 * @param seq its number in the stream, increasing; the SSE {@code id}
 * @param event the event
 * @param name its name in the stream ({@code download.progress})
 * @param json its event object
 */
record Published(long seq, ProgressEvent event, String name, String json) {}
