// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingOutputStream {
  static java.io.OutputStream create(java.io.OutputStream delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
