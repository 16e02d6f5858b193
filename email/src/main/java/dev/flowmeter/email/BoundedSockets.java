// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sockets that read at most so many bytes per connection. Jakarta Mail reads a server's reply line
 * until its CRLF, however long: a server (or anything listening on its port) that sends an endless
 * line would make it fill the application's heap, since the sink's timeout is per read and the
 * bytes keep coming. A mail's conversation reads a few kilobytes (the replies, the TLS handshake),
 * so a connection that reads more than {@link #MAX_READ} is cut with {@link TooMuch}.
 *
 * <p>Jakarta Mail is given {@link #plain} as {@code mail.smtp.socketFactory}, which also bounds
 * what STARTTLS layers on it, and {@link #tls} as {@code mail.smtps.ssl.socketFactory}, which
 * layers TLS over a bounded socket.
 */
final class BoundedSockets {
  /** The most one connection reads. */
  static final long MAX_READ = 1 << 20;

  private BoundedSockets() {}

  /** Plain sockets that read at most {@code max} bytes each. */
  static SocketFactory plain(long max) {
    return new Plain(max);
  }

  /**
   * TLS sockets of {@code tls} (the JVM's when {@code null}) over sockets that read at most max.
   */
  static SSLSocketFactory tls(@Nullable SSLSocketFactory tls, long max) {
    return new Tls(tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault(), max);
  }

  /** The connection read more than its limit: a reply without end, or not a mail server. */
  static final class TooMuch extends IOException {
    private static final long serialVersionUID = 1L;

    TooMuch(long max) {
      super(
          "the server sent more than "
              + words(max)
              + " on one connection without ending its reply; the connection is closed");
    }
  }

  /** {@code bytes} as a user reads it: "1 MiB", "64 KiB", "100 bytes". */
  static String words(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }

  private static final class Plain extends SocketFactory {
    private final long max;

    Plain(long max) {
      this.max = max;
    }

    /** Unconnected, as Jakarta Mail asks for it: it connects the socket with its own timeout. */
    @Override
    public Socket createSocket() {
      return new Bounded(new Socket(), max);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return new Bounded(new Socket(host, port), max);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return new Bounded(new Socket(host, port, local, localPort), max);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return new Bounded(new Socket(host, port), max);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return new Bounded(new Socket(host, port, local, localPort), max);
    }
  }

  /** Layers the TLS of another factory over bounded sockets. */
  private static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final long max;

    Tls(SSLSocketFactory tls, long max) {
      this.tls = tls;
      this.max = max;
    }

    /** What Jakarta Mail calls for smtps: TLS over the plain socket it connected. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
        throws IOException {
      return tls.createSocket(new Bounded(socket, max), host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return createSocket(new Socket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return createSocket(new Socket(host, port, local, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return createSocket(new Socket(host, port), host.getHostAddress(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return createSocket(
          new Socket(host, port, local, localPort), host.getHostAddress(), port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return tls.getSupportedCipherSuites();
    }
  }

  /**
   * Counts what the connection reads; past the bound, closes the connection (whoever holds it, TLS
   * included, may not after a failed read) and throws.
   */
  private static final class Budget extends FilterInputStream {
    private final long max;
    private final Socket socket;
    private long read;

    Budget(InputStream in, long max, Socket socket) {
      super(in);
      this.max = max;
      this.socket = socket;
    }

    private TooMuch cut() {
      try {
        socket.close();
      } catch (IOException e) {
        // closed already, or closing failed: the connection is not read any further either way
      }
      return new TooMuch(max);
    }

    @Override
    public int read() throws IOException {
      if (read >= max) {
        throw cut();
      }
      int b = in.read();
      if (b >= 0) {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long left = max - read;
      if (left <= 0) {
        throw cut();
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        read += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long left = max - read;
      if (left <= 0 && n > 0) {
        throw cut();
      }
      long skipped = in.skip(Math.min(n, left));
      read += Math.max(0, skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** A connected or unconnected socket whose input is bounded; everything else is the socket's. */
  private static final class Bounded extends Socket {
    private final Socket socket;
    private final long max;
    private @Nullable Budget input;

    Bounded(Socket socket, long max) {
      this.socket = socket;
      this.max = max;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      Budget in = input;
      if (in == null) {
        in = new Budget(socket.getInputStream(), max, socket);
        input = in;
      }
      return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return socket.getOutputStream();
    }

    /** None: a channel would read past the bound. */
    @Override
    public @Nullable SocketChannel getChannel() {
      return null;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      socket.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      socket.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
      socket.bind(local);
    }

    @Override
    public InetAddress getInetAddress() {
      return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
      return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
      return socket.getPort();
    }

    @Override
    public int getLocalPort() {
      return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return socket.getLocalSocketAddress();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
      socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
      return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
      socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
      return socket.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
      socket.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
      socket.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
      return socket.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
      return socket.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
      socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
      return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
      socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
      return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
      socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
      return socket.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
      socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
      return socket.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
      socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
      return socket.getReuseAddress();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
      socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
      socket.shutdownOutput();
    }

    @Override
    public String toString() {
      return socket.toString();
    }

    @Override
    public boolean isConnected() {
      return socket.isConnected();
    }

    @Override
    public boolean isBound() {
      return socket.isBound();
    }

    @Override
    public boolean isClosed() {
      return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
      return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
      return socket.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
      socket.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
      socket.setOption(name, value);
      return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
      return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
      return socket.supportedOptions();
    }
  }
}
