// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.SinkContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MailSettingsTest {
  @TempDir Path dir;

  private static SinkContext.Builder context(String argument) {
    return SinkContext.builder("email")
        .argument(argument)
        .option("from", "flowmeter@example.com")
        .option("to", "ops@example.com");
  }

  @Test
  void defaults() {
    MailSettings s = MailSettings.from(context("smtp://mail.example.com").build());

    assertThat(s.server()).isEqualTo("smtp://mail.example.com:25");
    assertThat(s.startTls).isEqualTo(MailSettings.StartTls.OPTIONAL);
    assertThat(s.milestones).containsExactly(25, 50, 75);
    assertThat(s.on)
        .isEqualTo(EnumSet.of(Notice.MILESTONES, Notice.COMPLETE, Notice.ERROR, Notice.CANCEL));
    assertThat(s.digest).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.timeout).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.children).isFalse();
    assertThat(MailSettings.from(context("smtps://[::1]").build()).server())
        .isEqualTo("smtps://[::1]:465");
  }

  @Test
  void options_areRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
    MailSettings s =
        MailSettings.from(
            context("smtp://mail.example.com:587")
                .option("to", "a@example.com, Bee <b@example.com>")
                .option("user", "bob")
                .option("password-file", secret.toString())
                .option("milestones", "90,10%,50")
                .option("on", "start,error")
                .option("digest", "0")
                .option("timeout", "5s")
                .build());

    assertThat(s.to)
        .extracting(a -> a.getAddress())
        .containsExactly("a@example.com", "b@example.com");
    assertThat(s.password()).isEqualTo("s3cret");
    assertThat(s.startTls).isEqualTo(MailSettings.StartTls.REQUIRED); // a password never in clear
    assertThat(s.milestones).containsExactly(10, 50, 90);
    assertThat(s.on).containsExactly(Notice.START, Notice.ERROR);
    assertThat(s.digest).isZero();
    assertThat(s.toString()).doesNotContain("s3cret").contains("as 'bob'");
  }

  /** The password as a property is refused, and its value never shown. */
  @Test
  void passwordProperty_isRefused_withoutShowingIt() {
    assertThatThrownBy(
            () ->
                MailSettings.from(
                    context("smtp://mail.example.com")
                        .option("user", "bob")
                        .option("password", "hunter2")
                        .build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.email.password")
        .hasMessageContaining("password-env")
        .hasMessageContaining("password-file")
        .hasMessageContaining("command lines")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void passwordInTheAddress_isRefused_withoutShowingIt() {
    assertThatThrownBy(
            () -> MailSettings.from(context("smtp://bob:hunter2@mail.example.com").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.email.user")
        .hasMessageContaining("password-env")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void mistakes_areOneLineNamingKeyAndValue() {
    Map<SinkContext, String> cases =
        Map.of(
            SinkContext.builder("email").argument("smtp://h").option("to", "a@b.c").build(),
            "flowmeter.sink.email.from: '' is required",
            context("http://mail.example.com").build(),
            "flowmeter.sinks: 'email:http://mail.example.com' is not a server address",
            context("smtp://h").option("to", "not an address").build(),
            "flowmeter.sink.email.to: 'not an address' is not a comma-separated list",
            context("smtp://h").option("milestones", "50,100").build(),
            "flowmeter.sink.email.milestones: '50,100' is not a list of percentages from 1 to 99",
            context("smtp://h").option("on", "start,finish").build(),
            "flowmeter.sink.email.on: 'start,finish' is not a list of",
            context("smtp://h").option("user", "bob").build(),
            "flowmeter.sink.email.user: 'bob' needs a password",
            context("smtp://h")
                .option("user", "bob")
                .option("password-env", "FLOWMETER_TEST_SURELY_UNSET")
                .build(),
            "flowmeter.sink.email.password-env: 'FLOWMETER_TEST_SURELY_UNSET' names an environment"
                + " variable that is not set",
            context("smtp://h").option("from", "a@b.c\r\nBcc: x@y.z").build(),
            "must not hold control characters");
    cases.forEach(
        (context, message) ->
            assertThatThrownBy(() -> MailSettings.from(context))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n"));
  }

  @Test
  void missingArgument_namesTheUsage() {
    assertThatThrownBy(() -> MailSettings.from(context(null).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("email:smtp://<host>[:<port>]");
  }

  @Test
  void namedInstances_readTheirOwnOptionsFirst() {
    Map<String, String> props =
        Map.of(
            "flowmeter.sink.email.from", "shared@example.com",
            "flowmeter.sink.email.to", "shared@example.com",
            "flowmeter.sink.alerts.to", "oncall@example.com");
    SinkContext alerts =
        SinkContext.builder("alerts").kind("email").argument("smtp://h").lookup(props::get).build();
    SinkContext plain =
        SinkContext.builder("email").argument("smtp://h").lookup(props::get).build();

    assertThat(MailSettings.from(alerts).to.get(0).getAddress()).isEqualTo("oncall@example.com");
    assertThat(MailSettings.from(alerts).from.getAddress()).isEqualTo("shared@example.com");
    assertThat(MailSettings.from(plain).to.get(0).getAddress()).isEqualTo("shared@example.com");
    assertThat(List.of(MailSettings.from(alerts).milestones)).isNotEmpty();
  }
}
