// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the application prints on the screen while the console sink draws bars on a terminal:
 * {@code System.out} and {@code System.err} are replaced by streams that hand each complete line to
 * the {@link ConsoleScreen}, which writes it above the bars, and each partial line, which it keeps
 * whole (see {@link ConsoleScreen}).
 *
 * <p>Only a standard stream that is itself a terminal, and still the one the process started with,
 * is replaced: a stream redirected to a pipe or a file is never touched and stays byte-identical.
 * {@code java.util.logging}'s default {@link ConsoleHandler} takes {@code System.err} when it is
 * created; one created before the capture is replaced on the root logger by an identical one (same
 * level, formatter, filter and encoding) created after it. Loggers of other libraries that keep
 * their own reference to the stream they found at start (Log4j 2's console appender without {@code
 * follow}) are not reached; Logback's console appender and {@code System.Logger} are.
 *
 * <p>Switched off by {@code flowmeter.sink.console.capture=false}. When the sink closes, the
 * original streams are put back, unless the application has replaced them since; a stream of ours
 * still held by someone then writes straight through to the original.
 *
 * <p>Bounded: a partial line longer than {@link #MAX_PARTIAL} bytes is written out as a line of its
 * own.
 *
 * <p>Thread-safety: the streams lock themselves (as {@link PrintStream} does), then the screen; the
 * screen never calls back, so there is no lock cycle.
 */
final class ConsoleCapture {
  static final int MAX_PARTIAL = 64 * 1024;

  /** The most threads with a partial line kept apart; past it the oldest line is written out. */
  static final int MAX_THREADS = 64;

  private static @Nullable ConsoleCapture current;

  private final @Nullable Capture out;
  private final @Nullable Capture err;
  private final @Nullable Input in;

  private ConsoleCapture(@Nullable Capture out, @Nullable Capture err, @Nullable Input in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  /**
   * Sends to {@code screen} what the application writes to {@code System.out} (when {@code
   * captureOut}) and {@code System.err} (when {@code captureErr}); {@code stdout} and {@code
   * stderr} are the streams the process started with, and a standard stream that is no longer one
   * of them is left alone. The newest screen wins.
   */
  static synchronized ConsoleCapture install(
      ConsoleScreen screen,
      PrintStream stdout,
      PrintStream stderr,
      boolean captureOut,
      boolean captureErr) {
    if (current != null) {
      current.release();
    }
    Capture out = null;
    Capture err = null;
    if (captureOut && System.out == stdout) {
      out = new Capture(stdout, ConsoleCharsets.charset(stdout, false), screen);
      System.setOut(out.printStream);
    }
    if (captureErr && System.err == stderr) {
      err = new Capture(stderr, ConsoleCharsets.charset(stderr, true), screen);
      System.setErr(err.printStream);
      rebindLogging();
    }
    Input in = null;
    if ((out != null || err != null) && Terminal.isTerminal(Terminal.STDIN)) {
      in = new Input(System.in, screen);
      System.setIn(in);
    }
    current = new ConsoleCapture(out, err, in);
    return current;
  }

  /** Puts the original streams back (see the class comment). */
  void uninstall() {
    synchronized (ConsoleCapture.class) {
      release();
      if (current == this) {
        current = null;
      }
    }
  }

  private void release() {
    if (in != null) {
      in.detach();
      if (System.in == in) {
        System.setIn(in.original);
      }
    }
    if (out != null) {
      out.detach();
      if (System.out == out.printStream) {
        System.setOut(out.original);
      }
    }
    if (err != null) {
      err.detach();
      if (System.err == err.printStream) {
        System.setErr(err.original);
      }
    }
  }

  /**
   * Standard input when it is the terminal: a read that would block (the program waits for the
   * user) takes the bars off first and puts them back once it returns, so that a prompt shows as a
   * prompt and what the user types is echoed after it; see {@link ConsoleScreen#inputStarts()}.
   */
  private static final class Input extends FilterInputStream {
    final InputStream original;
    private volatile @Nullable ConsoleScreen screen;

    Input(InputStream original, ConsoleScreen screen) {
      super(original);
      this.original = original;
      this.screen = screen;
    }

    void detach() {
      screen = null;
    }

    @Override
    public int read() throws IOException {
      ConsoleScreen target = waiting();
      if (target == null) {
        return in.read();
      }
      target.inputStarts();
      try {
        return in.read();
      } finally {
        target.inputDone();
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      ConsoleScreen target = len == 0 ? null : waiting();
      if (target == null) {
        return in.read(b, off, len);
      }
      target.inputStarts();
      try {
        return in.read(b, off, len);
      } finally {
        target.inputDone();
      }
    }

    /** The screen, when a read would block (nothing typed is waiting); else {@code null}. */
    private @Nullable ConsoleScreen waiting() throws IOException {
      ConsoleScreen target = screen;
      return target != null && in.available() == 0 ? target : null;
    }
  }

  /**
   * Replaces the root logger's default console handlers, which write to the {@code System.err} they
   * found when created, by new ones that write to the current one. Not done under a custom log
   * manager ({@code java.util.logging.manager}), whose handlers are its own.
   */
  private static void rebindLogging() {
    if (System.getProperty("java.util.logging.manager") != null) {
      return;
    }
    try {
      Logger root = LogManager.getLogManager().getLogger("");
      if (root == null) {
        return;
      }
      for (Handler old : root.getHandlers()) {
        if (old.getClass() != ConsoleHandler.class) {
          continue;
        }
        ConsoleHandler fresh = new ConsoleHandler();
        fresh.setLevel(old.getLevel());
        fresh.setFormatter(old.getFormatter());
        fresh.setFilter(old.getFilter());
        fresh.setErrorManager(old.getErrorManager());
        String encoding = old.getEncoding();
        if (encoding != null) {
          fresh.setEncoding(encoding);
        }
        old.flush();
        root.addHandler(fresh);
        root.removeHandler(old);
      }
    } catch (java.io.UnsupportedEncodingException | RuntimeException | LinkageError e) {
      // logging stays as it was: its lines may be torn by the bars, never lost
    }
  }

  /**
   * One captured standard stream. Each thread's partial line is kept apart, so that a line one
   * thread has begun is not finished by the line another prints meanwhile: {@code print("copying
   * ")} on one thread and a whole line on another come out as two whole lines.
   */
  private static final class Capture extends OutputStream {
    final PrintStream original;
    final PrintStream printStream;

    /** The partial line of each thread that has one; a key object per line for the screen. */
    private final Map<Thread, Partial> partials = new LinkedHashMap<>();

    private @Nullable ConsoleScreen screen;

    /** A thread's partial line. */
    private static final class Partial {
      final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    }

    Capture(PrintStream original, Charset charset, ConsoleScreen screen) {
      this.original = original;
      this.screen = screen;
      this.printStream = new PrintStream(this, true, charset);
    }

    synchronized void detach() {
      screen = null;
      partials.clear(); // the screen wrote them out when it closed
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      ConsoleScreen target = screen;
      if (target == null) {
        original.write(b, off, len);
        return;
      }
      Thread thread = Thread.currentThread();
      Partial partial = partials.get(thread);
      int start = off;
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (b[i] != '\n') {
          continue;
        }
        String line = text(partial, b, start, i - start);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        target.captured(partial != null ? partial : this, line);
        if (partial != null) {
          partials.remove(thread);
          partial = null;
        }
        start = i + 1;
      }
      if (start == end) {
        return;
      }
      if (partial == null) {
        partial = new Partial();
        partials.put(thread, partial);
      }
      partial.bytes.write(b, start, end - start);
      if (partial.bytes.size() > MAX_PARTIAL) {
        partials.remove(thread);
        target.captured(partial, partial.bytes.toString(StandardCharsets.ISO_8859_1));
        return;
      }
      if (partials.size() > MAX_THREADS) {
        Map.Entry<Thread, Partial> oldest = partials.entrySet().iterator().next();
        partials.remove(oldest.getKey());
        target.captured(
            oldest.getValue(), oldest.getValue().bytes.toString(StandardCharsets.ISO_8859_1));
      }
      target.partial(partial, partial.bytes.toString(StandardCharsets.ISO_8859_1));
    }

    /** The line: {@code partial}'s bytes, if any, then {@code len} bytes of {@code b}. */
    private String text(@Nullable Partial partial, byte[] b, int off, int len) {
      if (partial == null) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
      }
      partial.bytes.write(b, off, len);
      return partial.bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public synchronized void flush() {
      if (screen == null) {
        original.flush();
      }
    }
  }
}
