// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingWritableChannel {
  static java.nio.channels.WritableByteChannel create(
      java.nio.channels.WritableByteChannel delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
