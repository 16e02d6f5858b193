// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code jdbc} sink: a history of transfers in a database, SQLite by default ({@code
 * -Dflowmeter.sinks=jdbc:jdbc:sqlite:transfers.db}) or PostgreSQL, and {@link
 * dev.flowmeter.jdbc.TransferHistory}, which reads it back.
 */
@NullMarked
package dev.flowmeter.jdbc;

import org.jspecify.annotations.NullMarked;
