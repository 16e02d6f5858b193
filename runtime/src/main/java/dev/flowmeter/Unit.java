// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * What a transfer counts: bytes for streams and channels, characters for readers and writers, items
 * for iterables.
 */
public enum Unit {
  /** Bytes, shown in binary units (KiB, MiB, GiB). */
  BYTES,
  /** Characters of a {@link java.io.Reader} or {@link java.io.Writer}. */
  CHARS,
  /**
   * Elements of an {@link Iterable}, {@link java.util.Iterator} or {@link java.util.stream.Stream}.
   */
  ITEMS
}
