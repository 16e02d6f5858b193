// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * STARTTLS and login against a real server that offers STARTTLS and refuses anything before it
 * (SubEthaSMTP, with {@code requireTLS}): the upgrade, the host name check and the login, as on a
 * submission port (587).
 */
@Timeout(90)
final class StartTlsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private SMTPServer server;

  @BeforeEach
  void start() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, UTF_8));
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .startTlsSocketFactory(MailServers.serverTls())
            .requireTLS()
            .requireAuth()
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory(
                    (user, password, context) -> {
                      if (!user.equals("bob") || !password.equals("s3cret")) {
                        throw new LoginFailedException();
                      }
                    }))
            .messageHandler(
                (context, from, to, data) ->
                    received.add(
                        context.getAuthenticationHandler().get().getIdentity()
                            + " "
                            + from
                            + " -> "
                            + to
                            + "\n"
                            + new String(data, UTF_8)))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  private EmailSink sink(String password) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), password);
    SinkContext context =
        SinkContext.builder("email")
            .argument("smtp://localhost:" + server.getPortAllocated())
            .option("from", "flowmeter@example.com")
            .option("to", "ops@example.com")
            .option("user", "bob")
            .option("password-file", file.toString())
            .option("digest", "0")
            .build();
    return EmailSinkProvider.create(
        context,
        MailServers.trusting(),
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        Duration.ofHours(1));
  }

  @Test
  void startTls_thenLogin_thenTheMail() throws Exception {
    EmailSink sink = sink("s3cret");

    sink.onEvent(new Events(1, "Grüße.zip", 2048).completed(2));
    sink.close();

    assertThat(received)
        .singleElement()
        .asString()
        .startsWith("bob flowmeter@example.com -> ops@example.com\n")
        .contains("Subject: =?UTF-8?")
        .contains("Auto-Submitted: auto-generated");
    assertThat(err.toString(UTF_8)).isEmpty();
  }

  @Test
  void refusedLogin_afterStartTls_isOneLineNamingServerAndUser() throws Exception {
    EmailSink sink = sink("not-the-password");

    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.onEvent(new Events(2, "b.bin", 10).completed(1));
    sink.close();

    assertThat(received).isEmpty();
    String text = err.toString(UTF_8);
    assertThat(text)
        .startsWith(
            "flowmeter: email sink 'email': smtp://localhost:"
                + server.getPortAllocated()
                + " as 'bob' refused the login")
        .doesNotContain("not-the-password");
    assertThat(text.split("\n")).hasSize(2);
  }
}
