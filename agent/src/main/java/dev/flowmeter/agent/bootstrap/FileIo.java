// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

/**
 * What the advice in {@code FileInputStream}, {@code FileOutputStream} and {@code RandomAccessFile}
 * calls: one {@link #enter()} before each instrumented method and one exit call after it.
 *
 * <p>Design notes
 *
 * <p>Call depth: {@link #enter()} counts the instrumented calls in progress on the thread; only the
 * outermost one counts bytes, so {@code read(byte[])} calling {@code read(byte[], int, int)}, or a
 * stream reading through an instrumented channel, counts once. The exit call counts before it
 * lowers the depth, so the agent's own I/O while it makes a transfer is never counted.
 *
 * <p>Hot path: one thread-local lookup, a two-entry per-thread cache hit, one addition. Every
 * method catches everything: an error in the agent never reaches the application.
 *
 * <p>Not for public use.
 */
public final class FileIo {
  private FileIo() {}

  /** Before an instrumented call: returns the thread's state for the exit call. */
  public static Object enter() {
    IoThread thread = IoThread.current();
    thread.depth++;
    return thread;
  }

  /**
   * After a read of {@code stream} (of the file {@code path}): {@code n} bytes read, negative at
   * end of stream; {@code thrown} when the read threw.
   */
  public static void read(Object thread, Object stream, String path, long n, Throwable thrown) {
    exit(thread, stream, path, n, thrown, true);
  }

  /** After {@code read()} returned {@code value}: one byte, or the end of stream when negative. */
  public static void readByte(
      Object thread, Object stream, String path, int value, Throwable thrown) {
    exit(thread, stream, path, value < 0 ? -1 : 1, thrown, true);
  }

  /** After {@code readAllBytes()} or {@code readNBytes(int)} returned {@code bytes}. */
  public static void readArray(
      Object thread, Object stream, String path, byte[] bytes, Throwable thrown) {
    exit(thread, stream, path, bytes == null ? 0 : bytes.length, thrown, true);
  }

  /** After {@code write(byte[])} of {@code bytes}. */
  public static void writeArray(
      Object thread, Object stream, String path, byte[] bytes, Throwable thrown) {
    exit(thread, stream, path, bytes == null ? 0 : bytes.length, thrown, false);
  }

  /** After {@code RandomAccessFile.writeBytes(text)}: one byte a character. */
  public static void writeBytes(
      Object thread, Object stream, String path, String text, Throwable thrown) {
    exit(thread, stream, path, text == null ? 0 : text.length(), thrown, false);
  }

  /** After {@code RandomAccessFile.writeChars(text)}: two bytes a character. */
  public static void writeChars(
      Object thread, Object stream, String path, String text, Throwable thrown) {
    exit(thread, stream, path, text == null ? 0 : 2L * text.length(), thrown, false);
  }

  /** After a write of {@code n} bytes to {@code stream}; {@code thrown} when it threw. */
  public static void write(Object thread, Object stream, String path, long n, Throwable thrown) {
    exit(thread, stream, path, n, thrown, false);
  }

  /**
   * At the end of a constructor of {@code stream}: it is known from its start, so its position is
   * never taken for bytes moved unseen. Not counted as a call: no {@link #enter()} pairs with it.
   */
  public static void opened(Object stream) {
    try {
      StreamRegistry.opened(stream);
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** After {@code close()}: the stream's transfer, if it was shown, is complete. */
  public static void close(Object thread, Object stream) {
    if (!(thread instanceof IoThread)) {
      return;
    }
    IoThread t = (IoThread) thread;
    try {
      if (t.depth == 1) {
        StreamState state = StreamRegistry.find(t, stream);
        if (state != null) {
          state.closed();
        }
      }
    } catch (Throwable e) {
      // fail-open
    } finally {
      t.depth--;
    }
  }

  /**
   * Before {@code Files.copy(source, target, ...)}: starts one transfer for the whole copy when it
   * is the outermost instrumented call and the source is large enough.
   */
  public static Object copyStart(Object source, Object target) {
    IoThread thread = IoThread.current();
    thread.depth++;
    if (thread.depth != 1) {
      return thread;
    }
    try {
      return CopyCall.start(thread, source);
    } catch (Throwable e) {
      return thread; // fail-open
    }
  }

  /** After {@code Files.copy(Path, Path, ...)}: completes, or fails, its transfer. */
  public static void copyEnd(Object call, Throwable thrown) {
    IoThread thread = call instanceof CopyCall ? ((CopyCall) call).thread : null;
    if (thread == null && call instanceof IoThread) {
      thread = (IoThread) call;
    }
    if (thread == null) {
      return;
    }
    try {
      if (call instanceof CopyCall) {
        ((CopyCall) call).end(thrown);
      }
    } catch (Throwable e) {
      // fail-open
    } finally {
      thread.depth--;
    }
  }

  private static void exit(
      Object thread, Object stream, String path, long n, Throwable thrown, boolean reading) {
    if (!(thread instanceof IoThread)) {
      return;
    }
    IoThread t = (IoThread) thread;
    try {
      if (t.depth == 1 && path != null) {
        StreamState state = StreamRegistry.find(t, stream);
        if (state == null) {
          if (thrown != null || n <= 0) {
            return;
          }
          state = StreamRegistry.findOrAdd(t, stream, StreamState.ofFile(stream, path, reading));
        }
        state.after(stream, n, thrown);
      }
    } catch (Throwable e) {
      // fail-open: the application's call has already returned its own result
    } finally {
      t.depth--;
    }
  }
}
