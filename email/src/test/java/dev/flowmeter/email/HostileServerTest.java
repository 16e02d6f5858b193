// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that is not an SMTP server, or a hostile one: what it says goes into the sink's one
 * line, so the line must stay one short line of printable text whatever it sent.
 */
@Timeout(60)
final class HostileServerTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private ServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void start() throws IOException {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, UTF_8));
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    if (acceptor != null) {
      acceptor.join(5000);
    }
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  /** Answers every connection with {@code greeting} and closes it. */
  private void answer(String greeting) {
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write(greeting.getBytes(ISO_8859_1));
                  out.flush();
                  s.getInputStream().readAllBytes();
                } catch (IOException e) {
                  // closed by the test, or the client hung up
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private EmailSink sink() {
    SinkContext context =
        SinkContext.builder("email")
            .argument("smtp://127.0.0.1:" + server.getLocalPort())
            .option("from", "flowmeter@example.com")
            .option("to", "ops@example.com")
            .option("digest", "0")
            .option("timeout", "2s")
            .build();
    return EmailSinkProvider.create(
        context, null, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofHours(1));
  }

  @Test
  void aHugeGreetingWithControlCharacters_isOneShortPrintableLine() throws Exception {
    answer("\u0000\u001b[31m" + "A".repeat(200_000) + "\r\nzz garbage\u00ff\r\n");
    EmailSink sink = sink();

    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.close();

    String text = err.toString(UTF_8);
    assertThat(text).startsWith("flowmeter: email sink 'email': ");
    for (String line : text.split("\n")) {
      assertThat(line.length()).isLessThan(600);
      assertThat(line).doesNotContain("\u0000", "\u001b", "\r");
    }
  }
}
