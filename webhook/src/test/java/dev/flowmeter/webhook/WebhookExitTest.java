// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.webhook.FakeWebhook.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * In a forked JVM, a program that ends at once after its transfers, against a webhook taking 300 ms
 * an answer: the sink's close at exit sends the final lifecycle events within {@code
 * flowmeter.shutdown-timeout}, or says in one line how many it did not send.
 */
final class WebhookExitTest {
  private static final long SLOW_MILLIS = 300;
  private static final Pattern NOT_DELIVERED = Pattern.compile("(\\d+) event\\(s\\) not delivered");

  /** The forked program: {@code args[0]} transfers, started and completed, then it returns. */
  public static final class Program {
    public static void main(String[] args) {
      int count = Integer.parseInt(args[0]);
      for (int i = 1; i <= count; i++) {
        Transfer transfer = Flowmeter.start("part-" + i, 10);
        transfer.advance(10);
        transfer.complete();
      }
    }
  }

  private static String run(String url, int transfers, String... properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dflowmeter.sinks=hook=webhook:" + url);
    command.addAll(List.of(properties));
    command.add(Program.class.getName());
    command.add(String.valueOf(transfers));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** The count the sink's exit line gives, or 0 when there is none. */
  private static long notDelivered(String output) {
    Matcher m = NOT_DELIVERED.matcher(output);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void shortProgram_slowWebhook_defaultTimeout_everyEventSentOrCounted() throws Exception {
    try (FakeWebhook hook = FakeWebhook.json().slow(SLOW_MILLIS)) {
      String output = run(hook.url(), 2);

      // on a busy machine the JDK's HTTP client may take most of the 2 s to load: then the final
      // events are not answered in time, and the line says how many
      List<Request> received = hook.requests();
      long counted = notDelivered(output);
      assertThat(received.size() + counted).as(output).isGreaterThanOrEqualTo(4);
      assertThat(output.lines().filter(l -> l.contains("not delivered"))).hasSizeLessThan(2);
      System.out.println("default timeout: received " + received.size() + ", said " + counted);
    }
  }

  @Test
  void shortProgram_slowWebhook_longerTimeout_finalEventsAllSent() throws Exception {
    try (FakeWebhook hook = FakeWebhook.json().slow(SLOW_MILLIS)) {
      String output = run(hook.url(), 2, "-Dflowmeter.shutdown-timeout=10s");

      assertThat(hook.requests())
          .as(output)
          .extracting(r -> r.json().get("name").asText() + " " + r.json().get("status").asText())
          .containsExactlyInAnyOrder(
              "part-1 starting", "part-1 completed", "part-2 starting", "part-2 completed");
      assertThat(output).doesNotContain("not delivered");
    }
  }

  @Test
  void shortProgram_webhookTooSlowForTheTimeout_saysHowManyWereNotSent() throws Exception {
    try (FakeWebhook hook = FakeWebhook.json().slow(SLOW_MILLIS)) {
      // 100 ms for the sink's close: the client is still loading, nothing goes out
      String output = run(hook.url(), 6, "-Dflowmeter.shutdown-timeout=600ms");

      List<Request> received = hook.requests();
      assertThat(output).containsOnlyOnce("event(s) not delivered to http://127.0.0.1:");
      assertThat(received.size() + notDelivered(output)).as(output).isGreaterThanOrEqualTo(12);
    }
  }
}
