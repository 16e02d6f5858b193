// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.SeekableByteChannel;

/** Reads the position of a file stream or channel: what it had moved before the agent saw it. */
final class Positions {
  private Positions() {}

  /** The position of {@code stream}, or -1 when it has none or it cannot be read. */
  static long of(Object stream) {
    try {
      if (stream instanceof FileInputStream) {
        return ((FileInputStream) stream).getChannel().position();
      }
      if (stream instanceof FileOutputStream) {
        return ((FileOutputStream) stream).getChannel().position();
      }
      if (stream instanceof RandomAccessFile) {
        return ((RandomAccessFile) stream).getFilePointer();
      }
      if (stream instanceof SeekableByteChannel) {
        return ((SeekableByteChannel) stream).position();
      }
    } catch (Exception e) {
      // closed, or not a regular file: fall back to what was counted
    }
    return -1;
  }
}
