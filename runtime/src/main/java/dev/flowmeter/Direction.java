// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * Which way a transfer's bytes move, seen from this JVM: in ({@link #READ}: an input stream, a
 * download, a readable channel) or out ({@link #WRITE}: an output stream, an upload). Fixed when
 * the transfer is made, before its first event; metrics split their byte counts by it.
 *
 * <p>The operation word decides first: {@code upload} and {@code write} move bytes out, {@code
 * download} and {@code read} bring them in, whatever the stream that counts them (an upload counts
 * the bytes it reads from a file as they go out). Otherwise it is the side of what counts the
 * bytes: a wrapped input stream, reader or readable channel reads, an output stream, writer or
 * writable channel writes. A transfer counted by hand ({@link TransferBuilder#start()}), a group,
 * an operation or an external tool's progress is {@link #UNKNOWN} unless its creator says ({@link
 * TransferBuilder#direction(Direction)}).
 */
public enum Direction {
  /** Bytes come in: an input stream, a download, a readable channel. */
  READ("read"),
  /** Bytes go out: an output stream, an upload, a writable channel. */
  WRITE("write"),
  /** The creator cannot say, for example a transfer counted by hand with no operation word. */
  UNKNOWN("unknown");

  private final String word;

  Direction(String word) {
    this.word = word;
  }

  /**
   * The lower-case word used in every output format: {@code read}, {@code write}, {@code unknown}.
   */
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
