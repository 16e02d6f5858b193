// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.internal.TransferImpl;

/**
 * A wrapper that counts into a transfer: every counting stream, reader, writer, channel and
 * iterator. {@link Flowmeter#transferOf(Object)} finds the transfer through it, and {@link
 * TransferBuilder} recognises a wrapper it is asked to wrap again.
 */
interface Counted {
  /** The transfer this wrapper counts into. */
  TransferImpl transfer();
}
