// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code webhook:<url>} sink: transfer events sent as JSON, as Slack messages or as a Discord
 * message edited in place, with the JDK's {@link java.net.http.HttpClient}.
 *
 * <p>Only {@link dev.flowmeter.webhook.WebhookSinkProvider} is public; it is found through {@link
 * java.util.ServiceLoader}.
 */
@NullMarked
package dev.flowmeter.webhook;

import org.jspecify.annotations.NullMarked;
