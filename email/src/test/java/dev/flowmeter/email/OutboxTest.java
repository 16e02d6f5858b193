// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.email.MailTransport.SendFailure;
import dev.flowmeter.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender thread against a scripted transport: retries, pauses, bounds and the digest. */
@Timeout(60)
final class OutboxTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void release() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  private List<String> lines() {
    String text = err.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /** Fails as scripted (null: sends), then sends; keeps what it sent. */
  private static final class Scripted implements MailTransport {
    final Deque<SendFailure.Kind> script = new ArrayDeque<>();
    final List<Mail> sent = Collections.synchronizedList(new ArrayList<>());
    volatile int attempts;
    volatile CountDownLatch gate = new CountDownLatch(0);

    Scripted(SendFailure.Kind... failures) {
      script.addAll(List.of(failures));
    }

    @Override
    public void send(Mail mail) throws SendFailure {
      attempts++;
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SendFailure.Kind kind;
      synchronized (script) {
        kind = script.poll();
      }
      if (kind != null) {
        throw new SendFailure(kind, "smtp://test:25 said " + kind, new Exception());
      }
      sent.add(mail);
    }
  }

  private static Outbox outbox(Scripted transport, Duration digest) {
    Outbox box =
        new Outbox(
            "t",
            "smtp://test:25",
            transport,
            digest,
            Duration.ofMillis(1),
            Duration.ofMillis(5),
            Duration.ofHours(1));
    box.start();
    return box;
  }

  private static Mail mail(String name) {
    return MailText.end(new Events(1, name, 10).completed(1));
  }

  @Test
  void unreachableServer_isRetried_oneLineEachWay() throws Exception {
    Scripted transport =
        new Scripted(SendFailure.Kind.RETRY, SendFailure.Kind.RETRY, SendFailure.Kind.RETRY);
    Outbox box = outbox(transport, Duration.ZERO);

    box.offer(mail("a.bin"));
    while (transport.sent.isEmpty()) {
      Thread.onSpinWait();
    }
    box.close();

    assertThat(transport.sent).hasSize(1);
    assertThat(transport.attempts).isEqualTo(4);
    assertThat(lines())
        .containsExactly(
            "flowmeter: email sink 't': smtp://test:25 said RETRY; mails wait (at most 500) and are"
                + " retried, at longest every 0.0 s",
            "flowmeter: email sink 't': smtp://test:25 takes mail again (1 sent late)");
  }

  /** A refused login is tried once: the mails after it are dropped without a try, and counted. */
  @Test
  void refusedLogin_isNotRetried_andTheDroppedAreCounted() throws Exception {
    Scripted transport = new Scripted(SendFailure.Kind.PAUSE);
    Outbox box = outbox(transport, Duration.ZERO);

    for (int i = 0; i < 5; i++) {
      box.offer(mail("f" + i));
    }
    box.close();

    assertThat(transport.attempts).isEqualTo(1);
    assertThat(transport.sent).isEmpty();
    assertThat(lines())
        .containsExactly(
            "flowmeter: email sink 't': smtp://test:25 said PAUSE; no mail is sent for 1h 00m,"
                + " mails meanwhile are dropped",
            "flowmeter: email sink 't': 5 mails not sent (smtp://test:25 did not take them before"
                + " exit)");
  }

  @Test
  void rejectedMail_isDropped_andTheNextGoes() throws Exception {
    Scripted transport = new Scripted(SendFailure.Kind.DROP);
    Outbox box = outbox(transport, Duration.ZERO);

    box.offer(mail("bad"));
    box.offer(mail("good"));
    box.close();

    assertThat(transport.sent)
        .extracting(Mail::summary)
        .singleElement()
        .asString()
        .contains("good");
    assertThat(lines()).singleElement().asString().contains("said DROP; the mail is dropped");
  }

  /** Mails that come while the server is away join the one waiting: one digest when it is back. */
  @Test
  void mailsDuringAnOutage_goAsOneDigest() throws Exception {
    Scripted transport = new Scripted(SendFailure.Kind.RETRY);
    transport.gate = new CountDownLatch(1);
    Outbox box = outbox(transport, Duration.ofMillis(1));

    box.offer(mail("first"));
    while (transport.attempts == 0) {
      Thread.onSpinWait();
    }
    for (int i = 0; i < 3; i++) {
      box.offer(mail("later" + i));
    }
    transport.gate.countDown();
    box.close();

    assertThat(transport.sent)
        .singleElement()
        .extracting(Mail::subject)
        .asString()
        .isEqualTo("[flowmeter] 4 updates: 4 completed");
  }

  @Test
  void fullQueue_dropsTheNewest_saidOnce_andCountedWhenMailGoesAgain() throws Exception {
    Scripted transport = new Scripted(SendFailure.Kind.RETRY);
    transport.gate = new CountDownLatch(1);
    Outbox box = outbox(transport, Duration.ZERO);

    box.offer(mail("first"));
    while (transport.attempts == 0) {
      Thread.onSpinWait();
    }
    for (int i = 0; i < Outbox.CAPACITY + 3; i++) {
      box.offer(mail("m" + i));
    }
    transport.gate.countDown();
    box.close();

    assertThat(transport.sent).hasSize(1 + Outbox.CAPACITY);
    assertThat(lines())
        .filteredOn(l -> l.contains("dropped"))
        .containsExactly(
            "flowmeter: email sink 't': 500 mails wait for smtp://test:25; newer mails are dropped"
                + " (their count is said when mail goes again)",
            "flowmeter: email sink 't': smtp://test:25 takes mail again (1 sent late, 3 dropped"
                + " meanwhile)");
  }

  @Test
  void close_sendsWhatWaits_withoutTheDigestsDelay() throws Exception {
    Scripted transport = new Scripted();
    Outbox box = outbox(transport, Duration.ofHours(1));

    box.offer(mail("a"));
    box.offer(mail("b"));
    box.close();

    assertThat(transport.sent)
        .singleElement()
        .extracting(Mail::subject)
        .asString()
        .isEqualTo("[flowmeter] 2 updates: 2 completed");
  }

  /** A server that never answers costs the JVM's exit a few seconds, never a hang. */
  @Test
  void close_givesUpOnAHungServer() throws Exception {
    Scripted transport = new Scripted();
    transport.gate = new CountDownLatch(1);
    Outbox box = outbox(transport, Duration.ZERO);

    box.offer(mail("a"));
    box.offer(mail("b"));
    box.close();
    transport.gate.countDown();

    assertThat(lines())
        .containsExactly(
            "flowmeter: email sink 't': 2 mails not sent (smtp://test:25 did not take them before"
                + " exit)");
    assertThat(transport.sent.size()).isLessThanOrEqualTo(2);
  }
}
