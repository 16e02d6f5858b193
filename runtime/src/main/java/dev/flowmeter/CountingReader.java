// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingReader {
  static java.io.Reader create(java.io.Reader delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
