// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class WebhookSinkProviderTest {
  private static final String DISCORD = "https://discord.com/api/webhooks/42/SeCrEtToKeN";

  @Test
  void foundByServiceLoader_withItsOptions() {
    SinkProvider provider =
        ServiceLoader.load(SinkProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("webhook"))
            .findFirst()
            .orElseThrow();
    assertThat(provider.usage()).isEqualTo("webhook:<url>");
    assertThat(provider.defaultInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(provider.options())
        .containsExactlyInAnyOrder(
            "interval", "format", "timeout", "max-per-minute", "retries", "events");
  }

  @Test
  void missingUrl_namesTheUsage() {
    SinkContext context = SinkContext.builder("webhook").build();
    assertThatThrownBy(() -> new WebhookSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook:<url>");
  }

  @Test
  void badUrl_isRefused_withItsSecretNotShown() {
    SinkContext context =
        SinkContext.builder("ops").kind("webhook").argument("discord.com/SeCrEtToKeN").build();
    assertThatThrownBy(() -> new WebhookSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ops=webhook:discord.***")
        .hasMessageContaining("is not an http or https URL")
        .message()
        .doesNotContain("SeCrEtToKeN");
  }

  @Test
  void unknownEvent_isSaidInOneLine_andTheDefaultEventsApply() throws Exception {
    List<String> said = new ArrayList<>();
    SinkContext context =
        SinkContext.builder("ops")
            .kind("webhook")
            .argument(DISCORD)
            .option("format", "slack")
            .option("events", "completed,finished")
            .onBadOption((e, fallback) -> said.add(e.getMessage() + "; " + fallback))
            .build();
    ProgressSink sink = new WebhookSinkProvider().create(context); // starts: no exception
    sink.close();

    assertThat(said)
        .singleElement()
        .asString()
        .contains("flowmeter.sink.ops.events", "'completed,finished'", "'finished'")
        .contains("cancelled, completed, failed, in_progress, lifecycle")
        .endsWith("using starting,completed,failed,cancelled");
  }

  @Test
  void unknownEvent_failsFast_whereStartUpAsksForIt() {
    SinkContext context =
        SinkContext.builder("ops")
            .kind("webhook")
            .argument(DISCORD)
            .option("events", "completed,finished")
            .build();
    assertThatThrownBy(() -> new WebhookSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.ops.events");
  }

  @Test
  void unknownFormat_isRefusedByTheTypedGetter() {
    SinkContext context =
        SinkContext.builder("ops")
            .kind("webhook")
            .argument(DISCORD)
            .option("format", "teams")
            .build();
    assertThatThrownBy(() -> new WebhookSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.ops.format");
  }

  @Test
  void sinkToString_showsTheUrlMasked() throws Exception {
    SinkContext context =
        SinkContext.builder("ops")
            .kind("webhook")
            .argument(DISCORD)
            .option("format", "discord")
            .build();
    ProgressSink sink = new WebhookSinkProvider().create(context);
    try {
      assertThat(sink.toString())
          .isEqualTo("WebhookSink(ops, discord, https://discord.com/api/webhooks/42/***)");
    } finally {
      sink.close();
    }
  }

  @Test
  void eventFilter_words() {
    assertThat(EventFilter.parse("progress, completed ,FAILED").toString())
        .isEqualTo("progress,completed,failed");
    assertThat(EventFilter.parse("lifecycle").toString())
        .isEqualTo("pending,starting,in_progress,saving,completed,failed,cancelled");
    assertThat(Format.SLACK.defaultEvents.toString())
        .isEqualTo("starting,completed,failed,cancelled");
    assertThat(Format.DISCORD.defaultEvents.toString())
        .isEqualTo("progress,starting,in_progress,saving,completed,failed,cancelled");
  }

  @Test
  void closeWait_isHalfASecondInsideTheShutdownTimeout() {
    assertThat(WebhookSinkProvider.closeWait()).isEqualTo(Duration.ofMillis(1500));
    System.setProperty("flowmeter.shutdown-timeout", "10s");
    try {
      assertThat(WebhookSinkProvider.closeWait()).isEqualTo(Duration.ofMillis(9500));
      System.setProperty("flowmeter.shutdown-timeout", "200ms");
      assertThat(WebhookSinkProvider.closeWait()).isEqualTo(Duration.ZERO);
      System.setProperty("flowmeter.shutdown-timeout", "soon");
      assertThat(WebhookSinkProvider.closeWait()).isEqualTo(Duration.ofMillis(1500));
    } finally {
      System.clearProperty("flowmeter.shutdown-timeout");
    }
  }
}
