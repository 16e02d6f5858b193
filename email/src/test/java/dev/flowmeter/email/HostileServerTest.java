// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
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

  /** What a connection does before its endless line: nothing, TLS, or STARTTLS. */
  private interface Preamble {
    Socket on(Socket accepted) throws IOException;
  }

  /** The most an endless server writes, should the client never stop reading it. */
  private static final long CAP = 128L << 20;

  /**
   * Answers every connection with {@code "220 "} and then bytes without a line end, until the
   * client hangs up (or {@link #CAP} is written), adding what it wrote to {@code written}.
   */
  private void endless(Preamble preamble, AtomicLong written) {
    acceptor =
        new Thread(
            () -> {
              byte[] chunk = new byte[64 * 1024];
              Arrays.fill(chunk, (byte) 'A');
              while (!server.isClosed()) {
                try (Socket accepted = server.accept()) {
                  accepted.setSendBufferSize(64 * 1024);
                  Socket s = preamble.on(accepted);
                  OutputStream out = s.getOutputStream();
                  out.write("220 ".getBytes(ISO_8859_1));
                  for (long n = 0; n < CAP; n += chunk.length) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                  }
                } catch (IOException e) {
                  // the client hung up
                }
              }
            },
            "endless-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** TLS from the first byte, with the test certificate. */
  private static Socket tls(Socket accepted) throws IOException {
    SSLSocket tls =
        (SSLSocket)
            MailServers.serverTls()
                .getSocketFactory()
                .createSocket(accepted, null, accepted.getPort(), false);
    tls.setUseClientMode(false);
    tls.startHandshake();
    return tls;
  }

  /** A greeting, an EHLO answer that offers STARTTLS, then TLS. */
  private static Socket startTls(Socket accepted) throws IOException {
    OutputStream out = accepted.getOutputStream();
    InputStream in = accepted.getInputStream();
    out.write("220 localhost ready\r\n".getBytes(ISO_8859_1));
    line(in); // EHLO
    out.write("250-localhost\r\n250 STARTTLS\r\n".getBytes(ISO_8859_1));
    line(in); // STARTTLS
    out.write("220 go ahead\r\n".getBytes(ISO_8859_1));
    return tls(accepted);
  }

  private static void line(InputStream in) throws IOException {
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      // a command of the client's
    }
  }

  private String sendThrough(String url, String... options) {
    SinkContext.Builder builder =
        SinkContext.builder("email")
            .argument(url + "://localhost:" + server.getLocalPort())
            .option("from", "flowmeter@example.com")
            .option("to", "ops@example.com")
            .option("digest", "0")
            .option("timeout", "2s");
    for (int i = 0; i < options.length; i += 2) {
      builder.option(options[i], options[i + 1]);
    }
    EmailSink sink =
        EmailSinkProvider.create(
            builder.build(),
            MailServers.trusting(),
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            Duration.ofHours(1));
    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.close();
    return err.toString(UTF_8);
  }

  /** The client closed its connection: the server's writing ended, no socket is left open. */
  private void hungUp() throws Exception {
    server.close();
    acceptor.join(10_000);
    assertThat(acceptor.isAlive()).as("the server still writes to an open connection").isFalse();
  }

  /**
   * What the client may read before it hangs up (1 MiB), and what the kernel's buffers of a
   * loopback connection hold besides (the receive buffer grows up to 32 MiB here).
   */
  private static final long BOUND = BoundedSockets.MAX_READ + (40L << 20);

  @Test
  void anEndlessReply_isCutAfterOneMiB_andSaidInOneLine() throws Exception {
    AtomicLong written = new AtomicLong();
    endless(s -> s, written);

    String text = sendThrough("smtp", "starttls", "off");

    assertThat(text)
        .startsWith(
            "flowmeter: email sink 'email': smtp://localhost:"
                + server.getLocalPort()
                + " sent a reply too long (more than 1 MiB without its end): is it a mail server?");
    assertThat(text.split("\n"))
        .containsExactly(
            text.split("\n")[0],
            "flowmeter: email sink 'email': 1 mail not sent (smtp://localhost:"
                + server.getLocalPort()
                + " did not take it before exit)");
    hungUp();
    assertThat(written.get()).isBetween(BoundedSockets.MAX_READ, BOUND);
  }

  @Test
  void anEndlessReply_overTls_isCut() throws Exception {
    AtomicLong written = new AtomicLong();
    endless(HostileServerTest::tls, written);

    String text = sendThrough("smtps");

    assertThat(text).contains(" sent a reply too long (more than 1 MiB without its end)");
    hungUp();
    assertThat(written.get()).isLessThan(BOUND);
  }

  @Test
  void anEndlessReply_afterStartTls_isCut() throws Exception {
    AtomicLong written = new AtomicLong();
    endless(HostileServerTest::startTls, written);

    String text = sendThrough("smtp", "starttls", "required");

    assertThat(text).contains(" sent a reply too long (more than 1 MiB without its end)");
    hungUp();
    assertThat(written.get()).isLessThan(BOUND);
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
