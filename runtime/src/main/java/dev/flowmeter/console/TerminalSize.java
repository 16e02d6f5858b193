// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;

/**
 * The size of the terminal a console screen draws on, followed when the window is resized.
 *
 * <p>Each dimension is either fixed (the sink's {@code width} option, {@code COLUMNS}, {@code
 * LINES}) or asked of the terminal: once, lazily, on the first frame (so creating the sink starts
 * no process), and again after each {@code SIGWINCH}, the signal a terminal sends its processes
 * when its window changes size. The signal is received through {@code sun.misc.Signal} where the
 * JVM offers it (Linux, macOS); a handler installed before ours by the application still gets the
 * signal. Without it (Windows, or a JVM that refuses the signal) the size stays as first read.
 *
 * <p>Thread-safety: the size is read by the sink's thread and written by the signal's thread; both
 * fields are volatile, and a frame may use a size one resize old, never a torn one.
 */
final class TerminalSize {
  static final int DEFAULT_COLUMNS = 80;
  static final int DEFAULT_ROWS = 24;

  private static final Set<TerminalSize> listening = new CopyOnWriteArraySet<>();
  private static volatile boolean signalTried;

  private final int fd;
  private final @Nullable Integer fixedColumns;
  private final @Nullable Integer fixedRows;
  private volatile boolean asked;
  private volatile int columns;
  private volatile int rows;
  private volatile boolean resized;
  private volatile boolean resizing;

  /**
   * A size for the terminal on {@code fd}; a non-null {@code fixedColumns} or {@code fixedRows} is
   * used as given and never asked.
   */
  TerminalSize(int fd, @Nullable Integer fixedColumns, @Nullable Integer fixedRows) {
    this.fd = fd;
    this.fixedColumns = fixedColumns;
    this.fixedRows = fixedRows;
    this.columns = fixedColumns != null ? fixedColumns : DEFAULT_COLUMNS;
    this.rows = fixedRows != null ? fixedRows : DEFAULT_ROWS;
    this.asked = fixedColumns != null && fixedRows != null;
  }

  /** A size that never changes: for a screen that is not a terminal, and for tests. */
  static TerminalSize fixed(int columns, int rows) {
    return new TerminalSize(Terminal.STDERR, columns, rows);
  }

  /** The width in columns. */
  int columns() {
    ask();
    return columns;
  }

  /** The height in rows. */
  int rows() {
    ask();
    return rows;
  }

  /**
   * Whether the window has changed size and the new size is not known yet: a frame drawn now would
   * be laid out, and the old one erased, for the wrong width.
   */
  boolean resizing() {
    return resizing;
  }

  /** Whether the size changed since the last call. */
  boolean takeResized() {
    if (!resized) {
      return false;
    }
    resized = false;
    return true;
  }

  /** Stops following resizes (the screen is closed). */
  void close() {
    listening.remove(this);
  }

  /**
   * Asks the terminal once; a thread that comes while the first asks waits for its answer (a few
   * milliseconds), so that no frame is laid out for the default size.
   */
  private void ask() {
    if (asked) {
      return;
    }
    synchronized (this) {
      if (asked) {
        return;
      }
      update();
      asked = true;
    }
    listening.add(this);
    listenForResize();
  }

  /** Asks the terminal for its size and keeps the dimensions that are not fixed. */
  void update() {
    int[] size = Terminal.querySize(fd);
    if (size == null) {
      return;
    }
    int newColumns = fixedColumns != null ? fixedColumns : size[0];
    int newRows = fixedRows != null ? fixedRows : size[1];
    if (newColumns != columns || newRows != rows) {
      columns = newColumns;
      rows = newRows;
      resized = true;
    }
  }

  private static void resizedAll() {
    for (TerminalSize size : listening) {
      size.resizing = true;
    }
    for (TerminalSize size : listening) {
      try {
        size.update();
      } finally {
        size.resizing = false;
      }
    }
  }

  /** Installs the one {@code SIGWINCH} handler of the JVM, once; see the class comment. */
  private static synchronized void listenForResize() {
    if (signalTried) {
      return;
    }
    signalTried = true;
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object winch = signalClass.getConstructor(String.class).newInstance("WINCH");
      Object ignore = handlerClass.getField("SIG_IGN").get(null);
      Object dflt = handlerClass.getField("SIG_DFL").get(null);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Method call = handlerClass.getMethod("handle", signalClass);
      Object[] previous = new Object[1];
      InvocationHandler onSignal =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle":
                resizedAll();
                Object before = previous[0];
                if (before != null && before != ignore && before != dflt) {
                  call.invoke(before, args[0]);
                }
                return null;
              case "hashCode":
                return System.identityHashCode(proxy);
              case "equals":
                return proxy == args[0];
              default:
                return "flowmeter console resize handler";
            }
          };
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
      previous[0] = handle.invoke(null, winch, handler);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no signal here: the size stays as first read
    }
  }
}
