// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "session bus" that accepts connections on a socket file and reads whatever comes, and never
 * answers anything: a bus that hangs, as seen from a client.
 */
final class SilentBus implements AutoCloseable {
  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();

  private SilentBus(Path dir) throws IOException {
    this.dir = dir;
    this.socket = dir.resolve("bus");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = new Thread(this::serve, "silent-bus");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a bus on a socket file of its own. */
  static SilentBus start() throws IOException {
    return new SilentBus(Files.createTempDirectory("flowmeter-silent-bus"));
  }

  /** The bus's address, as {@code DBUS_SESSION_BUS_ADDRESS} gives it. */
  String address() {
    return "unix:path=" + socket;
  }

  /** How many connections came so far. */
  int connections() {
    return connections.get();
  }

  private void serve() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        connections.incrementAndGet();
        clients.add(client);
        Thread reader =
            new Thread(
                () -> {
                  ByteBuffer buffer = ByteBuffer.allocate(4096);
                  try {
                    while (client.read(buffer.clear()) >= 0) {
                      // read, and never answer
                    }
                  } catch (IOException e) {
                    // closed
                  }
                },
                "silent-bus-reader");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel client : clients) {
      client.close();
    }
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }
}
