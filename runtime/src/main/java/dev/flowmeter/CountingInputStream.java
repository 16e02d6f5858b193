// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting wrapper.
abstract class CountingInputStream {
  static java.io.InputStream create(java.io.InputStream delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
