// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static dev.flowmeter.webhook.Events.completed;
import static dev.flowmeter.webhook.Events.failed;
import static dev.flowmeter.webhook.Events.progress;
import static dev.flowmeter.webhook.Events.sink;
import static dev.flowmeter.webhook.Events.starting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.webhook.FakeWebhook.Answer;
import dev.flowmeter.webhook.FakeWebhook.Request;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink against a local server that behaves as Discord, Slack or a plain JSON hook. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class WebhookSinkTest {
  private static final long MIB = 1 << 20;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<ProgressSink> sinks = new ArrayList<>();
  private final List<FakeWebhook> servers = new ArrayList<>();

  @BeforeEach
  void captureMessages() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop(org.junit.jupiter.api.TestInfo test) throws Exception {
    System.out.println(test.getDisplayName() + " said: " + messages()); // kept in the test report
    for (ProgressSink sink : sinks) {
      sink.close();
    }
    for (FakeWebhook server : servers) {
      server.close();
    }
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  private FakeWebhook serve(FakeWebhook server) {
    servers.add(server);
    return server;
  }

  private ProgressSink open(String name, String url, String... options) {
    ProgressSink sink = sink(name, url, options);
    sinks.add(sink);
    return sink;
  }

  private String messages() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void discord_createsOneMessageWithWaitThenEditsItInPlace() throws Exception {
    FakeWebhook discord = serve(FakeWebhook.discord());
    ProgressSink sink = open("discord", discord.url(), "format", "discord", "interval", "1ms");

    sink.onEvent(starting(1, "backup.tar", 10 * MIB));
    discord.await(1); // one in flight per transfer: later events queue behind the create
    sink.onEvent(progress(1, "backup.tar", 4 * MIB, 10 * MIB));
    discord.await(2);
    sink.onEvent(completed(1, "backup.tar", 10 * MIB));
    List<Request> requests = discord.await(3);

    assertThat(requests).extracting(Request::method).containsExactly("POST", "PATCH", "PATCH");
    assertThat(requests.get(0).path()).isEqualTo(FakeWebhook.DISCORD_PATH);
    assertThat(requests.get(0).query()).isEqualTo("wait=true");
    assertThat(requests.get(1).path()).isEqualTo(FakeWebhook.DISCORD_PATH + "/messages/900001");
    assertThat(requests.get(2).path()).isEqualTo(FakeWebhook.DISCORD_PATH + "/messages/900001");
    assertThat(requests.get(2).query()).isNull();

    JsonNode running = requests.get(1).json().get("embeds").get(0);
    assertThat(running.get("title").asText()).isEqualTo("backup.tar");
    assertThat(running.get("description").asText())
        .isEqualTo("`" + "\u2588".repeat(8) + "\u2591".repeat(12) + "` 40.0 % \u00b7 in_progress");
    assertThat(running.get("color").asInt()).isEqualTo(0x3498db);
    assertThat(running.get("fields").findValuesAsText("name"))
        .containsExactly("Size", "Speed", "ETA");
    assertThat(running.get("fields").findValuesAsText("value"))
        .containsExactly("4.0 MiB of 10.0 MiB", "1.0 MiB/s", "7.0 s");

    JsonNode last = requests.get(2).json();
    JsonNode done = last.get("embeds").get(0);
    assertThat(done.get("description").asText())
        .contains("\u2588".repeat(20), "100.0 %", "completed");
    assertThat(done.get("color").asInt()).isEqualTo(0x2ecc71);
    assertThat(done.get("fields").findValuesAsText("name"))
        .containsExactly("Size", "Speed", "Took");
    assertThat(last.get("allowed_mentions").get("parse").size()).isZero();
    assertThat(messages()).isEmpty();
  }

  @Test
  void discord_failedTransfer_showsTheErrorInRed() throws Exception {
    FakeWebhook discord = serve(FakeWebhook.discord());
    ProgressSink sink = open("discord", discord.url(), "format", "discord");

    sink.onEvent(starting(1, "disk.img", 10 * MIB));
    sink.onEvent(failed(1, "disk.img", 3 * MIB, 10 * MIB, "Connection reset by peer"));
    JsonNode embed = discord.await(2).get(1).json().get("embeds").get(0);

    assertThat(embed.get("color").asInt()).isEqualTo(0xe74c3c);
    assertThat(embed.get("description").asText()).contains("30.0 %", "failed");
    assertThat(embed.get("fields").get(3).get("name").asText()).isEqualTo("Error");
    assertThat(embed.get("fields").get(3).get("value").asText())
        .isEqualTo("Connection reset by peer");
  }

  @Test
  void discord_messageDeletedInTheChannel_isCreatedAgain() throws Exception {
    FakeWebhook discord = serve(FakeWebhook.discord());
    ProgressSink sink = open("discord", discord.url(), "format", "discord", "interval", "1ms");
    sink.onEvent(starting(1, "a.bin", 100));
    discord.await(1);
    discord.deleteMessages();
    sink.onEvent(completed(1, "a.bin", 100));

    List<Request> requests = discord.await(3);
    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path().substring(FakeWebhook.DISCORD_PATH.length()))
        .containsExactly("POST ", "PATCH /messages/900001", "POST ");
    assertThat(requests.get(2).json().get("embeds").get(0).get("description").asText())
        .contains("100.0 %");
  }

  @Test
  void progress_whileARequestIsInFlight_isCoalescedToTheLatest() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json()).then(Answer.hang());
    ProgressSink sink = open("hook", hook.url(), "interval", "1ms", "timeout", "500ms");

    sink.onEvent(starting(1, "big.iso", 100 * MIB));
    hook.await(1); // held: the server never answers, the timeout cuts it
    for (int i = 1; i <= 50; i++) {
      sink.onEvent(progress(1, "big.iso", i * MIB, 100 * MIB));
    }
    sink.onEvent(completed(1, "big.iso", 100 * MIB));
    List<Request> requests = hook.await(r -> r.size() >= 3 && last(r).body().contains("completed"));

    // the start again after its timeout, then straight to the end: the 50 snapshots queued behind a
    // lifecycle event are older than the next one, and none of them is sent
    assertThat(requests)
        .extracting(r -> r.json().get("status").asText())
        .containsExactly("starting", "starting", "completed");
    assertThat(messages()).contains("did not answer within 500 ms");
  }

  @Test
  void progress_queuedBehindAProgressRequest_onlyTheLatestIsSent() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json());
    // a timeout that the first request, which loads the JDK's HTTP client, never needs
    ProgressSink sink = open("hook", hook.url(), "interval", "1ms", "timeout", "3s");
    sink.onEvent(starting(1, "big.iso", 100 * MIB));
    hook.await(1);
    hook.then(Answer.hang());
    sink.onEvent(progress(1, "big.iso", MIB, 100 * MIB));
    hook.await(2); // held until the timeout
    for (int i = 2; i <= 50; i++) {
      sink.onEvent(progress(1, "big.iso", i * MIB, 100 * MIB));
    }
    List<Request> requests = hook.await(3);
    Thread.sleep(300); // time for a flood to show, were the snapshots not coalesced

    // the held snapshot is not retried: a newer one is waiting, and it goes instead
    assertThat(hook.requests()).hasSize(3);
    assertThat(requests.get(2).json().get("bytes").asLong()).isEqualTo(50 * MIB);
  }

  @Test
  void json_eventsOfEachTransfer_arriveInOrder() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json());
    ProgressSink sink = open("hook", hook.url(), "max-per-minute", "1000");
    for (long id = 1; id <= 20; id++) {
      sink.onEvent(starting(id, "f" + id, 100));
    }
    for (long id = 1; id <= 20; id++) {
      sink.onEvent(completed(id, "f" + id, 100));
    }
    List<Request> requests = hook.await(40);

    for (long id = 1; id <= 20; id++) {
      long transfer = id;
      assertThat(requests)
          .filteredOn(r -> r.json().get("id").asLong() == transfer)
          .extracting(r -> r.json().get("status").asText())
          .containsExactly("starting", "completed");
    }
    JsonNode first = requests.get(0).json();
    assertThat(first.get("name").asText()).startsWith("f");
    assertThat(first.has("percentage") && first.has("etaSeconds") && first.has("lifecycle"))
        .isTrue();
  }

  @Test
  void tooManyRequests_waitsAsRetryAfterSays_thenSends() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json()).then(Answer.tooMany("0.4"));
    ProgressSink sink = open("hook", hook.url());
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    List<Request> requests = hook.await(3);

    assertThat(requests)
        .extracting(r -> r.json().get("status").asText())
        .containsExactly("starting", "starting", "completed");
    // a lower bound only: the retry is not sent before the server said it may be
    assertThat(requests.get(1).nanos() - requests.get(0).nanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
    assertThat(messages()).contains("is rate limiting (HTTP 429); waiting as it asks (400 ms");
  }

  @Test
  void discordBucketEmptied_nextRequestWaitsForItsReset() throws Exception {
    FakeWebhook discord = serve(FakeWebhook.discord());
    discord.alwaysHeaders(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "0.5"));
    ProgressSink sink = open("d", discord.url(), "format", "discord");
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    List<Request> requests = discord.await(2);

    assertThat(requests.get(1).nanos() - requests.get(0).nanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void serverErrors_areRetried_thenTheRecoveryIsSaidOnce() throws Exception {
    FakeWebhook hook =
        serve(FakeWebhook.json()).then(Answer.status(500), Answer.status(502), Answer.status(503));
    ProgressSink sink = open("hook", hook.url(), "retries", "4");
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    List<Request> requests = hook.await(5);

    assertThat(requests)
        .extracting(r -> r.json().get("status").asText())
        .containsExactly("starting", "starting", "starting", "starting", "completed");
    assertThat(messages().lines())
        .containsExactly(
            "flowmeter: webhook sink 'hook': http://127.0.0.1:"
                + port(hook)
                + "/hooks/progress answered HTTP 500; retrying with backoff, up to 4 time(s) per"
                + " event",
            "flowmeter: webhook sink 'hook': http://127.0.0.1:"
                + port(hook)
                + "/hooks/progress answers again");
  }

  @Test
  void serverAlwaysFailing_eventIsDroppedAfterTheRetries_andTheNextStillGoes() throws Exception {
    FakeWebhook hook =
        serve(FakeWebhook.json()).then(Answer.status(500), Answer.status(500), Answer.status(500));
    ProgressSink sink = open("hook", hook.url(), "retries", "2");
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    List<Request> requests = hook.await(4);

    assertThat(requests)
        .extracting(r -> r.json().get("status").asText())
        .containsExactly("starting", "starting", "starting", "completed");
    assertThat(messages()).contains("are being dropped: it kept failing (answered HTTP 500)");
  }

  @Test
  void hangingWebhook_isCutByTheTimeout_andDelaysNoOtherTransfer() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json()).then(Answer.hang());
    ProgressSink sink = open("hook", hook.url(), "timeout", "5s");
    sink.onEvent(starting(1, "stuck", 100));
    hook.await(1);
    sink.onEvent(starting(2, "other", 100));
    sink.onEvent(completed(2, "other", 100));
    // transfer 2 is delivered while transfer 1's request is still held
    List<Request> whileHeld = hook.await(3);
    assertThat(whileHeld)
        .extracting(r -> r.json().get("name").asText())
        .containsExactly("stuck", "other", "other");
    assertThat(messages()).doesNotContain("did not answer");

    List<Request> requests = hook.await(4); // the cut request, sent again
    assertThat(requests.get(3).json().get("name").asText()).isEqualTo("stuck");
    assertThat(messages()).contains("did not answer within 5000 ms");
  }

  @Test
  void refusedConnection_isSaidOnceWithTheUrlMasked() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + FakeWebhook.DISCORD_PATH;
    ProgressSink sink = open("discord", url, "format", "discord", "retries", "1");
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!messages().contains("dropped") && System.nanoTime() < end) {
      Thread.sleep(20);
    }

    assertThat(messages())
        .contains(
            "webhook sink 'discord': http://127.0.0.1:"
                + port
                + "/api/webhooks/112233445566/*** cannot be reached (ConnectException")
        .contains("are being dropped")
        .doesNotContain("Tok-SECRET");
    assertThat(messages().lines()).hasSize(2);
  }

  @Test
  void close_saysHowManyEventsWereDroppedInAll() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + FakeWebhook.DISCORD_PATH;
    ProgressSink sink = sink("hook", url, "retries", "100");
    int transfers = WebhookSink.MAX_LANES + 5; // five more than may wait: their starts are dropped
    for (long id = 1; id <= transfers; id++) {
      sink.onEvent(starting(id, "f" + id, 100));
    }
    sink.close();

    assertThat(messages())
        .contains("are being dropped")
        .contains(
            "5 event(s) for http://127.0.0.1:"
                + port
                + "/api/webhooks/112233445566/*** were dropped")
        .doesNotContain("Tok-SECRET");
  }

  @Test
  void maxPerMinute_capsEveryTransferTogether() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json());
    ProgressSink sink = open("hook", hook.url(), "max-per-minute", "3");
    for (long id = 1; id <= 5; id++) {
      sink.onEvent(starting(id, "f" + id, 100));
      sink.onEvent(completed(id, "f" + id, 100));
    }
    hook.await(3);
    Thread.sleep(700); // time for a fourth, were the cap not kept

    assertThat(hook.requests()).hasSize(3);
  }

  @Test
  void close_sendsTheQueuedFinalEvents() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json());
    ProgressSink sink = sink("hook", hook.url());
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(progress(1, "a", 50, 100));
    sink.onEvent(completed(1, "a", 100));
    sink.close();

    assertThat(hook.requests())
        .extracting(r -> r.json().get("status").asText())
        .containsExactly("starting", "completed");
  }

  @Test
  void close_withAHangingWebhook_endsWithinItsBound() throws Exception {
    FakeWebhook hook = serve(FakeWebhook.json()).then(Answer.hang());
    ProgressSink sink = sink("hook", hook.url(), "timeout", "5m");
    sink.onEvent(starting(1, "a", 100));
    sink.onEvent(completed(1, "a", 100));
    hook.await(1);
    sink.close(); // @Timeout fails the test if it hangs

    assertThat(messages())
        .contains("webhook sink 'hook': 2 event(s) not delivered to http://127.0.0.1:");
  }

  @Test
  void twoInstances_slackAndDiscord_runSideBySideWithTheirOwnFormats() throws Exception {
    FakeWebhook slack = serve(FakeWebhook.slack());
    FakeWebhook discord = serve(FakeWebhook.discord());
    ProgressSink team = open("team", slack.url(), "format", "slack");
    ProgressSink ops = open("ops", discord.url(), "format", "discord", "interval", "1ms");
    team.onEvent(starting(1, "release.zip", 4 * MIB));
    team.onEvent(progress(1, "release.zip", 2 * MIB, 4 * MIB));
    team.onEvent(completed(1, "release.zip", 4 * MIB));
    ops.onEvent(starting(1, "release.zip", 4 * MIB));
    discord.await(1);
    ops.onEvent(progress(1, "release.zip", 2 * MIB, 4 * MIB));
    discord.await(2);
    ops.onEvent(completed(1, "release.zip", 4 * MIB));
    // Slack cannot edit a webhook's message: start and end only, no progress by default
    List<Request> toSlack = slack.await(2);
    List<Request> toDiscord = discord.await(3);

    assertThat(toSlack)
        .extracting(r -> r.json().get("text").asText())
        .containsExactly(
            "release.zip: "
                + "\u2591".repeat(20)
                + " 0.0 % \u00b7 0 B of 4.0 MiB \u00b7 0 B/s"
                + " \u00b7 ETA unknown \u00b7 starting",
            "release.zip: "
                + "\u2588".repeat(20)
                + " 100.0 % \u00b7 4.0 MiB of 4.0 MiB \u00b7"
                + " 1.0 MiB/s \u00b7 took 9.0 s \u00b7 completed");
    assertThat(toSlack.get(0).json().get("mrkdwn").asBoolean()).isFalse();
    assertThat(toDiscord).extracting(Request::method).containsExactly("POST", "PATCH", "PATCH");
    Thread.sleep(200);
    assertThat(slack.requests()).hasSize(2);
  }

  private static int port(FakeWebhook hook) {
    return java.net.URI.create(hook.url()).getPort();
  }

  private static Request last(List<Request> requests) {
    return requests.get(requests.size() - 1);
  }
}
