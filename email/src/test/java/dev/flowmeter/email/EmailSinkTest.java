// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.SinkContext;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sink end to end, against a real SMTP server (GreenMail) on 127.0.0.1. */
@Timeout(90)
final class EmailSinkTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<GreenMail> servers = new ArrayList<>();

  @BeforeEach
  void capture() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, UTF_8));
  }

  @AfterEach
  void stop() {
    servers.forEach(GreenMail::stop);
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  private List<String> lines() {
    String text = err.toString(UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private GreenMail server(GreenMail server) {
    servers.add(server);
    return server;
  }

  private static SinkContext.Builder context(String name, String url, String... options) {
    SinkContext.Builder b =
        SinkContext.builder(name)
            .kind("email")
            .argument(url)
            .option("from", "Flowmeter <flowmeter@example.com>")
            .option("to", "ops@example.com, backup-admin@example.com")
            .option("digest", "0");
    for (int i = 0; i < options.length; i += 2) {
      b.option(options[i], options[i + 1]);
    }
    return b;
  }

  private static EmailSink sink(SinkContext context, SSLSocketFactory sockets) {
    return EmailSinkProvider.create(
        context, sockets, Duration.ofMillis(20), Duration.ofMillis(200), EmailSinkProvider.PAUSE);
  }

  private static EmailSink sink(SinkContext context) {
    return sink(context, null);
  }

  /** A sink named {@code email} on {@code server}'s plain SMTP port, with {@code options}. */
  private static EmailSink plainSink(GreenMail server, String... options) {
    return sink(context("email", "smtp://127.0.0.1:" + MailServers.port(server), options).build());
  }

  /** A sink on plain SMTP that logs in as bob with {@code password} (from a file). */
  private EmailSink bobsSink(GreenMail server, String password, String... options)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), password);
    SinkContext.Builder b =
        context(
            "email",
            "smtp://127.0.0.1:" + MailServers.port(server),
            "user",
            "bob",
            "password-file",
            secret.toString());
    for (int i = 0; i < options.length; i += 2) {
      b.option(options[i], options[i + 1]);
    }
    return sink(b.build());
  }

  /** The mails as received, one per message (GreenMail keeps one copy per recipient). */
  private static Map<String, MimeMessage> bySubject(GreenMail server, String recipient)
      throws Exception {
    Map<String, MimeMessage> mails = new TreeMap<>();
    for (MimeMessage m : server.getReceivedMessages()) {
      if (List.of(m.getAllRecipients()).toString().contains(recipient)) {
        mails.put(m.getSubject(), m);
      }
    }
    return mails;
  }

  private static String body(MimeMessage m) throws Exception {
    return ((String) m.getContent()).replace("\r\n", "\n");
  }

  @Test
  void transfer_sendsStartMilestonesAndEnd_toEveryRecipient() throws Exception {
    GreenMail server = server(MailServers.smtp());
    EmailSink sink =
        sink(context("email", "smtp://127.0.0.1:" + MailServers.port(server), "on", "all").build());
    Events t = new Events(1, "nightly-backup.tar", 4L << 30);

    for (ProgressEvent e :
        List.of(
            t.started(),
            t.progress(1L << 30, 60), // 25 %
            t.progress(3L << 30, 120), // past 50 and 75 at once: one mail, for 75
            t.progress((3L << 30) + 1000, 121),
            t.completed(200))) {
      sink.onEvent(e);
    }
    Events f = new Events(2, "offsite-sync", 1000);
    sink.onEvent(f.started());
    sink.onEvent(f.failed(10, 3, "java.net.SocketException: Connection reset"));
    sink.close();

    assertThat(server.getReceivedMessages()).hasSize(2 * 6);
    Map<String, MimeMessage> mails = bySubject(server, "backup-admin@example.com");
    assertThat(mails.keySet())
        .containsExactlyInAnyOrder(
            "[flowmeter] copy started: nightly-backup.tar (4.0 GiB)",
            "[flowmeter] copy 25%: nightly-backup.tar",
            "[flowmeter] copy 75%: nightly-backup.tar",
            "[flowmeter] copy completed: nightly-backup.tar (4.0 GiB in 3m 20s)",
            "[flowmeter] copy started: offsite-sync (1000 B)",
            "[flowmeter] copy FAILED: offsite-sync");
    MimeMessage done =
        mails.get("[flowmeter] copy completed: nightly-backup.tar (4.0 GiB in 3m 20s)");
    assertThat(done.getFrom()[0].toString()).isEqualTo("Flowmeter <flowmeter@example.com>");
    assertThat(done.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("ops@example.com", "backup-admin@example.com");
    assertThat(done.getContentType()).contains("text/plain").containsIgnoringCase("utf-8");
    assertThat(done.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(body(done))
        .contains("Duration:   3m 20s\n")
        .contains("Average:    20.5 MiB/s\n")
        .contains("Progress:   100% (4.0 GiB of 4.0 GiB)\n");
    assertThat(body(mails.get("[flowmeter] copy 25%: nightly-backup.tar")))
        .contains("Progress:   25% (1.0 GiB of 4.0 GiB)\n");
    assertThat(body(mails.get("[flowmeter] copy FAILED: offsite-sync")))
        .contains("Error:      java.net.SocketException: Connection reset\n");
    assertThat(lines()).isEmpty();
  }

  @Test
  void manyTransfersEndingTogether_areOneDigestMail() throws Exception {
    GreenMail server = server(MailServers.smtp());
    EmailSink sink = plainSink(server, "to", "ops@example.com", "digest", "1h");

    for (int i = 1; i <= 20; i++) {
      Events t = new Events(i, "file-" + i + ".dat", 1000);
      sink.onEvent(t.started());
      sink.onEvent(i % 10 == 0 ? t.failed(500, 2, "disk full") : t.completed(2));
    }
    sink.close(); // sends the waiting digest at once

    assertThat(server.getReceivedMessages()).hasSize(1);
    MimeMessage digest = server.getReceivedMessages()[0];
    assertThat(digest.getSubject()).isEqualTo("[flowmeter] 20 updates: 18 completed, 2 failed");
    assertThat(body(digest))
        .contains("- copy completed: file-1.dat (1000 B in 2.0 s)\n")
        .contains("- copy FAILED: file-20.dat\n  error: disk full\n");
  }

  /** A name cannot add a header or a recipient: CR and LF never reach the mail's head. */
  @Test
  void hostileNames_cannotInjectHeaders() throws Exception {
    GreenMail server = server(MailServers.smtp());
    EmailSink sink = plainSink(server, "to", "ops@example.com");

    long id = 1;
    for (String name : MailTextTest.HOSTILE) {
      sink.onEvent(new Events(id++, name, 100).completed(1));
    }
    sink.close();

    MimeMessage[] mails = server.getReceivedMessages();
    assertThat(mails).hasSize(MailTextTest.HOSTILE.size());
    for (MimeMessage m : mails) {
      assertThat(m.getAllRecipients())
          .extracting(Object::toString)
          .containsExactly("ops@example.com");
      assertThat(m.getHeader("Bcc")).isNull();
      for (Header h : Collections.list(m.getAllHeaders())) {
        assertThat(h.getName())
            .isIn(
                "Received",
                "Date",
                "From",
                "To",
                "Message-ID",
                "Subject",
                "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding",
                "Auto-Submitted",
                "Return-Path");
      }
      assertThat(m.getSubject()).doesNotContain("\r", "\n", "\u001b");
      assertThat(GreenMailUtil.getWholeMessage(m)).doesNotContain("\r\nBcc:");
    }
    assertThat(bySubject(server, "ops@").keySet())
        .anyMatch(s -> s.startsWith("[flowmeter] copy completed: report.pdf??Bcc: victim@"))
        .anyMatch(s -> s.contains("lone ? high and ? low"));
  }

  @Test
  void login_overSmtps_withThePasswordFromAFile() throws Exception {
    GreenMail server = server(MailServers.smtps("bob:s3cret:bob@example.com"));
    Path secret = Files.writeString(dir.resolve("smtp-password"), "s3cret\n");
    EmailSink sink =
        sink(
            context(
                    "email",
                    "smtps://localhost:" + MailServers.port(server),
                    "user",
                    "bob",
                    "password-file",
                    secret.toString())
                .build(),
            MailServers.trusting());

    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.close();

    assertThat(server.getReceivedMessages()).hasSize(2);
    assertThat(lines()).isEmpty();
  }

  /** A certificate the JVM does not trust: one line naming the server, nothing sent in clear. */
  @Test
  void untrustedCertificate_isOneLine() throws Exception {
    GreenMail server = server(MailServers.smtps());
    EmailSink sink =
        sink(context("email", "smtps://localhost:" + MailServers.port(server)).build());

    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.onEvent(new Events(2, "b.bin", 10).completed(1));
    sink.close();

    assertThat(server.getReceivedMessages()).isEmpty();
    assertThat(lines())
        .first()
        .asString()
        .startsWith("flowmeter: email sink 'email': TLS with smtps://localhost:")
        .contains("no mail is sent for 10m 00s");
  }

  @Test
  void refusedLogin_isOneLineNamingServerAndUser_neverThePassword() throws Exception {
    GreenMail server = server(MailServers.smtp("bob:s3cret:bob@example.com"));
    EmailSink sink = bobsSink(server, "wrong-password", "starttls", "off");

    for (int i = 1; i <= 3; i++) {
      sink.onEvent(new Events(i, "f" + i, 10).completed(1));
    }
    sink.close();

    assertThat(server.getReceivedMessages()).isEmpty();
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0))
        .isEqualTo(
            "flowmeter: email sink 'email': smtp://127.0.0.1:"
                + MailServers.port(server)
                + " as 'bob' refused the login (535 5.7.8  Authentication credentials invalid):"
                + " check the user and the password; no mail is sent for 10m 00s, mails meanwhile"
                + " are dropped");
    assertThat(lines().get(1)).contains("3 mails not sent");
  }

  /** STARTTLS required (the default with a login) and a server without it: nothing in clear. */
  @Test
  void startTlsRequired_butNotOffered_sendsNothingInClear() throws Exception {
    GreenMail server = server(MailServers.smtp("bob:s3cret:bob@example.com"));
    EmailSink sink = bobsSink(server, "s3cret");

    sink.onEvent(new Events(1, "a.bin", 10).completed(1));
    sink.close();

    assertThat(server.getReceivedMessages()).isEmpty();
    assertThat(lines().get(0)).contains("STARTTLS").doesNotContain("s3cret");
  }

  @Test
  void serverDownThenUp_mailWaitsAndGoes_oneLineEachWay() throws Exception {
    int port = MailServers.freePort();
    EmailSink sink =
        sink(context("email", "smtp://127.0.0.1:" + port, "to", "ops@example.com").build());

    sink.onEvent(new Events(1, "during-outage.bin", 10).completed(1));
    while (lines().isEmpty()) { // the first try failed and said so
      Thread.sleep(10);
    }
    GreenMail server = server(MailServers.smtpOn(port));
    assertThat(server.waitForIncomingEmail(60_000, 1)).isTrue();
    sink.close();

    assertThat(server.getReceivedMessages()).hasSize(1);
    assertThat(lines())
        .containsExactly(
            "flowmeter: email sink 'email': cannot reach smtp://127.0.0.1:"
                + port
                + " (ConnectException: Connection refused); mails wait (at most 500) and are"
                + " retried, at longest every 0.2 s",
            "flowmeter: email sink 'email': smtp://127.0.0.1:"
                + port
                + " takes mail again (1 sent late)");
  }

  /** Two sinks of one kind, each with its own recipients and choice of mails. */
  @Test
  void twoInstances_runSideBySide_withTheirOwnOptions() throws Exception {
    GreenMail server = server(MailServers.smtp());
    String url = "smtp://127.0.0.1:" + MailServers.port(server);
    EmailSink alerts =
        sink(context("alerts", url, "to", "oncall@example.com", "on", "error").build());
    EmailSink reports =
        sink(context("reports", url, "to", "team@example.com", "on", "complete").build());
    Events ok = new Events(1, "ok.bin", 10);
    Events bad = new Events(2, "bad.bin", 10);
    for (EmailSink sink : List.of(alerts, reports)) {
      sink.onEvent(ok.completed(1));
      sink.onEvent(bad.failed(1, 1, "boom"));
      sink.close();
    }

    assertThat(bySubject(server, "oncall@").keySet())
        .containsExactly("[flowmeter] copy FAILED: bad.bin");
    assertThat(bySubject(server, "team@").keySet())
        .containsExactly("[flowmeter] copy completed: ok.bin (10 B in 1.0 s)");
  }
}
