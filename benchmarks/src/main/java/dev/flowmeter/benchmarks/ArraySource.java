// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An in-memory input stream over a byte array whose {@code read} methods are not synchronized and
 * whose position can be rewound.
 *
 * <p>{@link java.io.ByteArrayInputStream} would do, but its methods are {@code synchronized}: the
 * lock would dominate a single-byte {@code read()} and hide the wrapper's cost. {@link #rewind()}
 * lets a benchmark start each operation from the beginning for the price of one field store,
 * beneath the wrapper, which never notices. Not thread-safe: one benchmark thread owns it.
 */
final class ArraySource extends InputStream {
  /** The source size: 1 MiB, small enough to stay in the cache between operations. */
  static final int CACHE_SIZED = 1 << 20;

  private final byte[] data;
  private int position;

  ArraySource(byte[] data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  /** A source of {@code size} pseudo-random bytes, the same for the same {@code seed}. */
  static ArraySource random(int size, long seed) {
    return new ArraySource(randomBytes(size, seed));
  }

  /** {@code size} pseudo-random bytes, the same for the same {@code seed}. */
  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** Starts over from the first byte. */
  void rewind() {
    position = 0;
  }

  /** How many bytes a pass from the start reads. */
  int size() {
    return data.length;
  }

  @Override
  public int read() {
    return position < data.length ? data[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = Math.min(len, data.length - position);
    if (n <= 0) {
      return -1;
    }
    System.arraycopy(data, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, data.length - position));
    position += (int) skipped;
    return skipped;
  }

  @Override
  public int available() {
    return data.length - position;
  }
}
