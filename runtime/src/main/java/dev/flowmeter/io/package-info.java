// SPDX-License-Identifier: Apache-2.0
/**
 * The counting wrappers: an {@code InputStream}, {@code OutputStream}, {@code Reader}, {@code
 * Writer}, channel, iterator or stream of items that passes everything through unchanged and adds
 * what passed to a transfer.
 *
 * <p>Each {@code Counting…} class extends a {@code Forwarding…} class that only delegates, and
 * records after the delegate returned; {@code WrapperHooks} holds the shape they share (count, end,
 * fail, cleanup when abandoned). Not for public use: {@link dev.flowmeter.Flowmeter} and {@link
 * dev.flowmeter.TransferBuilder} wrap, through {@link dev.flowmeter.io.CountingStreams}.
 */
@NullMarked
package dev.flowmeter.io;

import org.jspecify.annotations.NullMarked;
