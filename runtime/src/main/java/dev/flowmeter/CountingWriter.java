// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingWriter {
  static java.io.Writer create(java.io.Writer delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
