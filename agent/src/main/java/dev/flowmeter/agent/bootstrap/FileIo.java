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
 * <p>Copies: a call that moves bytes from one file to another without passing them through the
 * other's instrumented read or write ({@code FileChannel.transferTo}/{@code transferFrom}, which
 * the kernel may make with {@code copy_file_range} or {@code sendfile}) counts both sides once, at
 * its exit: the read of the source and the write of the target, each when it is a file channel the
 * agent can name. A call that counts one side only (its other side is no file channel, or it is
 * {@code FileInputStream.transferTo(out)}, which counts its read) lets the calls it makes on the
 * other side count as if outermost ({@link IoThread#freeWrites}), so that the bytes it writes to
 * {@code out}, through whatever path, are counted once there. A channel a file stream or {@code
 * RandomAccessFile} made ({@code getChannel()}) counts into that stream's transfer, which its
 * {@code close()} ends.
 *
 * <p>Hot path: one thread-local lookup, a two-entry per-thread cache hit, one addition. Every
 * method catches everything: an error in the agent never reaches the application.
 *
 * <p>Not for public use.
 */
public final class FileIo {
  /**
   * The classes the hooks load at their first count of a file's or a zip entry's bytes, below a
   * transfer's threshold; see {@link #prepare()}.
   */
  private static final String[] FIRST_COUNT = {
    "StreamRegistry",
    "CountedStream",
    "StreamState",
    "Tally",
    "FileNames",
    "Positions",
    "ZipIo",
    "ZipFileIo",
  };

  private FileIo() {}

  /**
   * Loads and initializes the classes a hook's first count needs, before any hook is in place. A
   * hook runs inside the JDK's I/O, some of it under a lock (the file of a jar that a class loader
   * reads), and a class loaded there is handed to every transformer of the JVM, another agent's
   * too, which may read a jar itself: two threads doing both at once would each wait for the other
   * (seen with the OpenTelemetry Java agent, whose transformer reads its own jar). Loaded here, the
   * hooks' common path loads nothing.
   */
  public static void prepare() {
    for (String name : FIRST_COUNT) {
      try {
        Class.forName("dev.flowmeter.agent.bootstrap." + name, true, FileIo.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // the hook that needs it loads it, as it would have without this
      }
    }
  }

  /** Before an instrumented call: returns the thread's state for the exit call. */
  public static Object enter() {
    IoThread thread = IoThread.current();
    thread.depth++;
    return thread;
  }

  /**
   * Before {@code FileInputStream.transferTo(out)}: it counts its read; what it writes to {@code
   * out} counts on its own, on whatever path it takes.
   */
  public static Object enterReads() {
    IoThread thread = IoThread.current();
    if (++thread.depth == 1) {
      thread.freeWrites = true;
    }
    return thread;
  }

  /**
   * Before {@code FileChannel.transferTo(position, count, target)}: when {@code targetPath} is
   * {@code null} (the target is not a file channel the agent can name), the writes the transfer
   * makes to the target count on their own.
   */
  public static Object enterTransferTo(String targetPath) {
    IoThread thread = IoThread.current();
    if (++thread.depth == 1) {
      thread.freeWrites = targetPath == null;
    }
    return thread;
  }

  /**
   * Before {@code FileChannel.transferFrom(source, position, count)}: when {@code sourcePath} is
   * {@code null} (the source is not a file channel the agent can name), the reads the transfer
   * makes from the source count on their own.
   */
  public static Object enterTransferFrom(String sourcePath) {
    IoThread thread = IoThread.current();
    if (++thread.depth == 1) {
      thread.freeReads = sourcePath == null;
    }
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
   * After a read of the file channel {@code channel}, made by {@code parent} (a file stream or
   * {@code RandomAccessFile}, into whose transfer it counts) or by none ({@code null}).
   */
  public static void channelRead(
      Object thread, Object channel, Object parent, String path, long n, Throwable thrown) {
    exit(thread, parent != null ? parent : channel, path, n, thrown, true);
  }

  /** After a write to the file channel {@code channel}, made by {@code parent} or by none. */
  public static void channelWrite(
      Object thread, Object channel, Object parent, String path, long n, Throwable thrown) {
    exit(thread, parent != null ? parent : channel, path, n, thrown, false);
  }

  /**
   * After {@code channel.transferTo(position, count, target)} moved {@code n} bytes, or threw
   * {@code thrown}: a read of {@code channel} and, when the target is a file channel ({@code
   * targetPath} not {@code null}), a write of the target; each channel made by its parent or none.
   */
  public static void transferTo(
      Object thread,
      Object channel,
      Object parent,
      String path,
      long n,
      Throwable thrown,
      Object target,
      Object targetParent,
      String targetPath) {
    transfer(
        thread,
        parent != null ? parent : channel,
        path,
        targetParent != null ? targetParent : target,
        targetPath,
        n,
        thrown);
  }

  /**
   * After {@code channel.transferFrom(source, position, count)} moved {@code n} bytes, or threw
   * {@code thrown}: a write of {@code channel} and, when the source is a file channel ({@code
   * sourcePath} not {@code null}), a read of the source.
   */
  public static void transferFrom(
      Object thread,
      Object channel,
      Object parent,
      String path,
      long n,
      Throwable thrown,
      Object source,
      Object sourceParent,
      String sourcePath) {
    transfer(
        thread,
        sourceParent != null ? sourceParent : source,
        sourcePath,
        parent != null ? parent : channel,
        path,
        n,
        thrown);
  }

  /**
   * After {@code implCloseChannel()} of {@code channel}: it ends its parent's transfer, or its own.
   */
  public static void channelClose(Object thread, Object channel, Object parent) {
    close(thread, parent != null ? parent : channel);
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
      outermostEnds(t);
      if (counts(t, reading)) {
        count(t, stream, path, n, thrown, reading);
      }
    } catch (Throwable e) {
      // fail-open: the application's call has already returned its own result
    } finally {
      t.depth--;
    }
  }

  /** Both sides of a copy from {@code source} to {@code target}, each where it counts. */
  private static void transfer(
      Object thread,
      Object source,
      String sourcePath,
      Object target,
      String targetPath,
      long n,
      Throwable thrown) {
    if (!(thread instanceof IoThread)) {
      return;
    }
    IoThread t = (IoThread) thread;
    try {
      outermostEnds(t);
      if (counts(t, true)) {
        count(t, source, sourcePath, n, thrown, true);
      }
      if (counts(t, false)) {
        count(t, target, targetPath, n, thrown, false);
      }
    } catch (Throwable e) {
      // fail-open
    } finally {
      t.depth--;
    }
  }

  /**
   * The outermost call's exit: what it let count inside it is over, before anything is counted (so
   * that the agent's own I/O while it makes a transfer is never counted).
   */
  private static void outermostEnds(IoThread t) {
    if (t.depth == 1) {
      t.freeReads = false;
      t.freeWrites = false;
    }
  }

  /**
   * Whether a read (or write) exiting now counts: the outermost call does, and the next one inside
   * an outermost call that leaves that side free.
   */
  private static boolean counts(IoThread t, boolean reading) {
    return t.depth == ((reading ? t.freeReads : t.freeWrites) ? 2 : 1);
  }

  private static void count(
      IoThread t, Object stream, String path, long n, Throwable thrown, boolean reading) {
    if (path == null || stream == null) {
      return;
    }
    StreamState state = StreamRegistry.find(t, stream);
    if (state == null) {
      if (thrown != null || n <= 0) {
        return;
      }
      state = StreamRegistry.findOrAdd(t, stream, StreamState.ofFile(stream, path, reading));
    }
    state.after(stream, n, thrown);
  }
}
