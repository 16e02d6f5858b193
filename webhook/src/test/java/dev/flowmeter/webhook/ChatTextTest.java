// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static dev.flowmeter.webhook.Events.failed;
import static dev.flowmeter.webhook.Events.progress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.EventJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile transfer names and errors in each payload: valid JSON, no markup, no mention. */
final class ChatTextTest {
  private static final List<String> HOSTILE =
      List.of(
          "@everyone look <@123456> <!channel> <@&987> **bold** [x](https://evil) `code`",
          "line\nbreak\u0000nul\u001b[31mred\u001b[0m \u202eevil.exe",
          "<img src=x onerror=alert(1)>",
          "lone \ud800 high and \udc00 low surrogates, and a pair \ud83d\ude00",
          "x".repeat(10_240));

  @Test
  void slack_hostileNames_areTextOnly() throws Exception {
    for (String name : HOSTILE) {
      JsonNode message = FakeWebhook.JSON.readTree(ChatText.slack(failed(1, name, 1, 2, name)));
      String text = message.get("text").asText();

      assertThat(text).doesNotContain("<", ">", "\n", "\u0000", "\u001b", "\u202e");
      assertThat(text.length()).isLessThan(2_000);
      assertThat(message.get("mrkdwn").asBoolean()).isFalse();
    }
    String text =
        FakeWebhook.JSON
            .readTree(ChatText.slack(progress(1, HOSTILE.get(0), 1, 2)))
            .get("text")
            .asText();
    assertThat(text)
        .startsWith("@everyone look &lt;@123456&gt; &lt;!channel&gt; &lt;@&amp;987&gt;");
  }

  @Test
  void discord_hostileNames_areEscapedAndPingNoOne() throws Exception {
    for (String name : HOSTILE) {
      JsonNode message = FakeWebhook.JSON.readTree(ChatText.discord(failed(1, name, 1, 2, name)));
      JsonNode embed = message.get("embeds").get(0);
      String title = embed.get("title").asText();

      assertThat(title.length()).isLessThanOrEqualTo(256);
      assertThat(embed.get("fields").get(3).get("value").asText().length())
          .isLessThanOrEqualTo(1024);
      assertThat(title).doesNotContain("\n", "\u0000", "\u001b", "\u202e", "@everyone");
      assertThat(message.get("allowed_mentions").get("parse").isArray()).isTrue();
      assertThat(message.get("allowed_mentions").get("parse").size()).isZero();
    }
    String title =
        FakeWebhook.JSON
            .readTree(ChatText.discord(progress(1, HOSTILE.get(0), 1, 2)))
            .get("embeds")
            .get(0)
            .get("title")
            .asText();
    assertThat(title)
        .isEqualTo(
            "@\u200beveryone look \\<@123456\\> \\<!channel\\> \\<@&987\\> \\*\\*bold\\*\\*"
                + " \\[x\\]\\(https://evil\\) \\`code\\`");
  }

  @Test
  void json_hostileNames_stayValidJsonWithTheNameIntact() throws Exception {
    for (String name : HOSTILE) {
      ProgressEvent event = progress(1, name, 1, 2);
      String body = Format.JSON.body(event);
      assertThat(body).isEqualTo(EventJson.toJson(event)).doesNotContain("\n");
      String read = FakeWebhook.JSON.readTree(body).get("name").asText();
      assertThat(read.replace('\ud800', '?').replace('\udc00', '?'))
          .isEqualTo(name.replace('\ud800', '?').replace('\udc00', '?'));
    }
  }

  @Test
  void bar_unknownTotal_isEmptyAndNoPercentIsInvented() throws Exception {
    ProgressEvent unknown = progress(1, "stream", 5_000, ProgressEvent.UNKNOWN);
    assertThat(ChatText.bar(unknown)).isEqualTo("\u2591".repeat(20));
    String text = FakeWebhook.JSON.readTree(ChatText.slack(unknown)).get("text").asText();
    assertThat(text)
        .isEqualTo("stream: 4.9 KiB \u00b7 1.0 MiB/s \u00b7 ETA 7.0 s \u00b7 in_progress");
  }
}
