// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads one of a process's output streams to its end: splits it into lines at {@code \n} and {@code
 * \r}, hands each line to a handler that says whether it stated progress, and passes the bytes on
 * to a target.
 *
 * <p>Design notes:
 *
 * <p>Never blocking the process: the stream is read as fast as the target takes it; nothing is
 * queued, so memory stays bounded whatever the process writes. A target that fails (a closed file,
 * a full disk) is given up and the stream is still read to its end.
 *
 * <p>Bounded lines: at most {@link #MAX_LINE_BYTES} bytes of a line are kept. The rest of a longer
 * line is passed on (the target gets every byte) but not looked at: no progress line is that long.
 *
 * <p>Exact bytes: unless progress lines are dropped, the target gets each chunk as it was read, so
 * encodings, {@code \r} and invalid bytes reach it unchanged. When they are dropped, every other
 * line is written with its own terminator, byte for byte.
 *
 * <p>Concurrency: one thread runs {@link #run()}; {@link #lastLine()} may be read from any thread.
 */
final class OutputDrain implements Runnable {
  /** The most bytes of one line kept and looked at. */
  static final int MAX_LINE_BYTES = 8192;

  private static final int CHUNK = 8192;

  private final InputStream in;
  private final @Nullable Supplier<OutputStream> target;
  private final boolean dropProgress;
  private final Predicate<String> handler;
  private final Charset charset;

  private final byte[] line = new byte[MAX_LINE_BYTES];
  private int lineLength;
  private boolean overlong;
  private boolean targetFailed;
  private volatile @Nullable String lastLine;

  /**
   * @param target where the bytes go, asked anew for each write (so that {@code System::out}
   *     follows a replaced {@code System.out}), or {@code null} to discard them
   * @param dropProgress whether lines the handler took as progress are left out of the target
   * @param handler given each line (decoded, without terminator); returns whether it stated
   *     progress
   */
  OutputDrain(
      InputStream in,
      @Nullable Supplier<OutputStream> target,
      boolean dropProgress,
      Predicate<String> handler,
      Charset charset) {
    this.in = in;
    this.target = target;
    this.dropProgress = dropProgress && target != null;
    this.handler = handler;
    this.charset = charset;
  }

  /** The last non-blank line that stated no progress (cut at {@link #MAX_LINE_BYTES}), or null. */
  @Nullable String lastLine() {
    return lastLine;
  }

  @Override
  public void run() {
    byte[] chunk = new byte[CHUNK];
    try {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (!dropProgress) {
          write(chunk, 0, n);
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n' || chunk[i] == '\r') {
            append(chunk, start, i - start);
            endLine(chunk, i, 1);
            start = i + 1;
          }
        }
        append(chunk, start, n - start);
      }
    } catch (IOException e) {
      // the pipe closed under us (the process was killed, its streams closed): the output ended
    } finally {
      if (lineLength > 0 || overlong) {
        endLine(chunk, 0, 0);
      }
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return;
    }
    if (!overlong && lineLength + length > MAX_LINE_BYTES) {
      overlong = true;
      if (dropProgress) {
        write(line, 0, lineLength); // held back until the line's end; too long for progress
      }
    }
    if (overlong) {
      if (dropProgress) {
        write(bytes, offset, length);
      }
      int room = MAX_LINE_BYTES - lineLength;
      System.arraycopy(bytes, offset, line, lineLength, Math.min(room, length));
      lineLength += Math.min(room, length);
      return;
    }
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength += length;
  }

  private void endLine(byte[] terminator, int offset, int length) {
    String text = new String(line, 0, lineLength, charset);
    boolean progress = !overlong && handler.test(text);
    if (!progress && !text.isBlank()) {
      lastLine = text.strip();
    }
    if (dropProgress) {
      if (!overlong && !progress) {
        write(line, 0, lineLength);
      }
      if (!progress) {
        write(terminator, offset, length);
      }
    }
    lineLength = 0;
    overlong = false;
  }

  private void write(byte[] bytes, int offset, int length) {
    if (target == null || targetFailed || length == 0) {
      return;
    }
    try {
      OutputStream out = target.get();
      out.write(bytes, offset, length);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the application's output is closed or full: stop writing, keep draining the process
      targetFailed = true;
    }
  }
}
