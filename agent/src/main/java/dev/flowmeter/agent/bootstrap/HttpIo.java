// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.internal.Sources;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the advice in the JDK's {@code HttpURLConnection} calls: the streams it returns are handed
 * back wrapped, so that a download (name = the URL without query string and credentials, total =
 * {@code Content-Length}) and a streamed upload (total = the fixed length, when set) are counted.
 *
 * <p>A connection returns the same stream each time it is asked: so does this class, from a weak
 * map of the streams it wrapped. While it reads the response's length it does not wrap (the JDK
 * asks for the input stream itself to read headers).
 *
 * <p>Not for public use. Thread-safety: the map is guarded by itself; everything is caught.
 */
public final class HttpIo {
  private static final Map<Object, Object[]> WRAPPED = new WeakHashMap<>();
  private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

  private HttpIo() {}

  /** After {@code getInputStream()} of {@code connection} returned {@code in}. */
  public static InputStream download(Object connection, InputStream in) {
    if (in == null || in instanceof TallyInputStream || BUSY.get() != null) {
      return in;
    }
    try {
      Object cached = cached(connection, in);
      if (cached != null) {
        return (InputStream) cached;
      }
      URLConnection c = (URLConnection) connection;
      long total;
      BUSY.set(Boolean.TRUE);
      try {
        total = c.getContentLengthLong();
      } finally {
        BUSY.remove();
      }
      InputStream wrapped =
          new TallyInputStream(
              in,
              new Tally(
                  Sources.AGENT_HTTP, Direction.READ, "download", nameOf(c.getURL()), total, null));
      return (InputStream) remember(connection, in, wrapped);
    } catch (Throwable e) {
      return in; // fail-open
    }
  }

  /**
   * After {@code getOutputStream()} of {@code connection} returned {@code out}, with the
   * connection's streaming settings: {@code fixed} and {@code fixedLong} (fixed-length streaming,
   * negative when not set) and {@code chunk} (chunked streaming, -1 when not set). A body that is
   * neither fixed-length nor chunked is buffered by the JDK and sent only when the response is
   * asked for: it is left alone.
   */
  public static OutputStream upload(
      Object connection, int fixed, long fixedLong, int chunk, OutputStream out) {
    long length = fixedLong >= 0 ? fixedLong : fixed;
    return length >= 0 || chunk != -1 ? upload(connection, out, length) : out;
  }

  /**
   * After {@code getOutputStream()} of {@code connection} returned {@code out}; {@code fixedLength}
   * is the length set for fixed-length streaming, negative when none.
   */
  static OutputStream upload(Object connection, OutputStream out, long fixedLength) {
    if (out == null || out instanceof TallyOutputStream || BUSY.get() != null) {
      return out;
    }
    try {
      Object cached = cached(connection, out);
      if (cached != null) {
        return (OutputStream) cached;
      }
      URLConnection c = (URLConnection) connection;
      OutputStream wrapped =
          new TallyOutputStream(
              out,
              new Tally(
                  Sources.AGENT_HTTP,
                  Direction.WRITE,
                  "upload",
                  nameOf(c.getURL()),
                  fixedLength < 0 ? -1 : fixedLength,
                  null));
      return (OutputStream) remember(connection, out, wrapped);
    } catch (Throwable e) {
      return out; // fail-open
    }
  }

  private static Object cached(Object connection, Object raw) {
    synchronized (WRAPPED) {
      Object[] pair = WRAPPED.get(connection);
      // [raw input, wrapped input, raw output, wrapped output]
      int at = raw instanceof InputStream ? 0 : 2;
      return pair != null && pair[at] == raw ? pair[at + 1] : null;
    }
  }

  private static Object remember(Object connection, Object raw, Object wrapped) {
    synchronized (WRAPPED) {
      Object[] pair = WRAPPED.computeIfAbsent(connection, k -> new Object[4]);
      int at = raw instanceof InputStream ? 0 : 2;
      pair[at] = raw;
      pair[at + 1] = wrapped;
    }
    return wrapped;
  }

  /** The URL without user information, query string or fragment. */
  static String nameOf(URL url) {
    if (url == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    b.append(url.getProtocol()).append("://").append(url.getHost());
    if (url.getPort() >= 0) {
      b.append(':').append(url.getPort());
    }
    b.append(url.getPath());
    return b.toString();
  }
}
