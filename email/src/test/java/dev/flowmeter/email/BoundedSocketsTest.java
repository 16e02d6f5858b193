// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bound itself: exactly so many bytes per connection, then the connection is closed. */
@Timeout(60)
final class BoundedSocketsTest {
  private ServerSocket server;
  private Thread writer;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    writer =
        new Thread(
            () -> {
              byte[] chunk = new byte[8192];
              Arrays.fill(chunk, (byte) 'A');
              try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                while (true) {
                  out.write(chunk);
                }
              } catch (IOException e) {
                // the client hung up
              }
            },
            "endless");
    writer.setDaemon(true);
    writer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    writer.join(10_000);
  }

  @Test
  void readsExactlyTheBound_byBytesAndArrays_thenClosesTheConnection() throws Exception {
    Socket socket = BoundedSockets.plain(10_000).createSocket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    InputStream in = socket.getInputStream();

    long read = 0;
    for (int i = 0; i < 7; i++) {
      assertThat(in.read()).isEqualTo('A');
      read++;
    }
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
        read += n;
      }
    } catch (BoundedSockets.TooMuch e) {
      assertThat(e).hasMessageContaining("more than 10000 bytes on one connection");
    }

    assertThat(read).isEqualTo(10_000);
    assertThat(socket.isClosed()).isTrue();
    assertThat(socket.getInputStream()).isSameAs(in); // one budget, however often it is asked for
    assertThatThrownBy(in::read).isInstanceOf(BoundedSockets.TooMuch.class);
    writer.join(10_000);
    assertThat(writer.isAlive()).as("the server still writes to an open connection").isFalse();
  }

  @Test
  void wordsOfTheBound() {
    assertThat(BoundedSockets.words(1 << 20)).isEqualTo("1 MiB");
    assertThat(BoundedSockets.words(64 << 10)).isEqualTo("64 KiB");
    assertThat(BoundedSockets.words(10_000)).isEqualTo("10000 bytes");
  }
}
