// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

// PLACEHOLDER: replaced by the real counting iterator.
abstract class CountingIterator {
  static <T> java.util.Iterator<T> create(java.util.Iterator<T> delegate, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }

  static <T> java.util.stream.Stream<T> wrap(java.util.stream.Stream<T> s, TransferImpl transfer) {
    throw new UnsupportedOperationException();
  }
}
