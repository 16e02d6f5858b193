// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.sink.SinkFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file that text is appended to in whole lines, and that a failed write never leaves with a
 * broken line: the file of the {@code csv} and {@code jsonl} sinks and of the console's log.
 *
 * <p>Lines are collected by {@link #add} and written by {@link #write}, once per batch of events
 * (and every {@link #CHUNK} bytes during a long batch). {@code add} never throws: a failed write is
 * reported, once per batch, by the next {@code write}, which tries again.
 *
 * <p>Characters UTF-8 cannot encode (a lone surrogate in a file name) become {@code ?} instead of
 * failing the write, so one odd name never costs the sink its other lines.
 *
 * <p>Not thread-safe: used by one sink, which its dispatcher calls from one thread.
 */
public final class LineFile implements Closeable {
  /*
   * Design notes
   *
   * Whole lines: a full disk takes what fits and then fails the write. The bytes after the last
   * whole line that reached the file are then cut off again (truncate) when the file is a regular
   * file whose size shows that nobody else appended meanwhile, so the file still ends with a whole
   * line, and the cut line waits for the next try. When the size shows something else (another
   * process appends too), the next write starts with a line break and writes the cut line again
   * whole. A pipe or a device cannot be cut: the next write continues the line from the byte where
   * it stopped, so its reader still gets every line once and whole.
   *
   * Memory: what waits after a failure is kept for the next try (nothing is lost by a disk that
   * fills for a moment) up to MAX_WAITING bytes; lines beyond that are dropped and counted, so a
   * disk that stays full costs bounded memory. After a failure no write is tried before the next
   * write() (the end of the batch): a full disk costs one system call per batch, not one per line.
   */

  /** Bytes collected during a batch before they are written without waiting for its end. */
  static final int CHUNK = 64 * 1024;

  /** Bytes kept for the next try after a failed write; lines beyond them are dropped. */
  static final int MAX_WAITING = 1 << 20;

  private final Path path;
  private final FileChannel channel;
  private final boolean regular;
  private byte[] waiting = new byte[8192];
  private int length;
  private boolean failing;
  private long dropped;

  /** Appends to {@code channel}, the file at {@code path}, opened for appending. */
  public LineFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
    this.regular = Files.isRegularFile(path);
  }

  /** Opens {@code path} for appending, following the rules of {@link SinkFiles#append}. */
  public static LineFile open(Path path) throws IOException {
    return new LineFile(path, SinkFiles.append(path));
  }

  /** The size of the file in bytes (0 for a pipe or a device). */
  public long size() throws IOException {
    return channel.size();
  }

  /**
   * Adds {@code lines}, one or more whole lines each ended by a line break, to what the next write
   * writes. When the file failed and more than {@link #MAX_WAITING} bytes already wait, the lines
   * are dropped.
   */
  public void add(CharSequence lines) {
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    if (failing && length + bytes.length > MAX_WAITING) {
      for (byte b : bytes) {
        dropped += b == '\n' ? 1 : 0;
      }
      return;
    }
    if (length + bytes.length > waiting.length) {
      waiting = Arrays.copyOf(waiting, Math.max(length + bytes.length, 2 * waiting.length));
    }
    System.arraycopy(bytes, 0, waiting, length, bytes.length);
    length += bytes.length;
    if (!failing && length >= CHUNK) {
      try {
        writeWaiting();
      } catch (IOException e) {
        // what waits is kept; the write at the end of the batch tries again and reports it
      }
    }
  }

  /**
   * Writes every line added so far.
   *
   * @throws IOException when the file cannot be written, with a one-line message naming the file
   *     and the cause (such as {@code No space left on device}); the lines wait for the next call
   */
  public void write() throws IOException {
    if (length == 0) {
      return;
    }
    try {
      writeWaiting();
    } catch (IOException e) {
      throw new IOException(
          "cannot write to "
              + path
              + ": "
              + SinkFiles.cause(e)
              + " ("
              + length
              + " bytes wait for the next try"
              + (dropped > 0 ? ", " + dropped + " lines were dropped" : "")
              + ")",
          e);
    }
  }

  private void writeWaiting() throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(waiting, 0, length);
    long before = -1;
    try {
      before = regular ? channel.size() : -1;
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      failing = true;
      keepUnwritten(buffer.position(), before);
      throw e;
    }
    length = 0;
    failing = false;
  }

  /**
   * Drops from {@code waiting} what reached the file for good, after a write that failed once
   * {@code written} bytes were written to a file of {@code before} bytes ({@code -1}: unknown).
   */
  private void keepUnwritten(int written, long before) {
    int whole = written;
    while (whole > 0 && waiting[whole - 1] != '\n') {
      whole--;
    }
    if (whole == written) {
      discard(written); // nothing but whole lines reached the file
    } else if (!regular) {
      discard(written); // a pipe or a device: the next write continues the line
    } else if (before >= 0 && cut(before + whole, before + written)) {
      discard(whole); // the file ends with a whole line again; the cut line waits
    } else {
      discard(whole); // unknown where the file ends: write the cut line again, on a line of its own
      insertLineBreak();
    }
  }

  /** Cuts the file back to {@code size} if it now has {@code expected} bytes; whether it did. */
  private boolean cut(long size, long expected) {
    try {
      if (channel.size() == expected) {
        channel.truncate(size);
        return true;
      }
    } catch (IOException e) {
      // fall back to starting the next write on a line of its own
    }
    return false;
  }

  private void discard(int count) {
    System.arraycopy(waiting, count, waiting, 0, length - count);
    length -= count;
  }

  private void insertLineBreak() {
    if (length == waiting.length) {
      waiting = Arrays.copyOf(waiting, 2 * waiting.length);
    }
    System.arraycopy(waiting, 0, waiting, 1, length);
    waiting[0] = '\n';
    length++;
  }

  /**
   * Writes what waits and closes the file; the file is closed even when the write fails.
   *
   * @throws IOException as {@link #write()}
   */
  @Override
  public void close() throws IOException {
    try {
      write();
    } finally {
      channel.close();
    }
  }
}
