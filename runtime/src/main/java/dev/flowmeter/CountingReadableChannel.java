// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingReadableChannel {
  static java.nio.channels.ReadableByteChannel create(
      java.nio.channels.ReadableByteChannel delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
