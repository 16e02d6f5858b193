// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code email} sink: mails on a transfer's start, at its milestones (25, 50 and 75 % by
 * default), on completion and on error, sent through SMTP by Jakarta Mail (Eclipse Angus) from a
 * thread of its own ({@code -Dflowmeter.sinks=email:smtp://mail.example.com:587}).
 */
@NullMarked
package dev.flowmeter.email;

import org.jspecify.annotations.NullMarked;
