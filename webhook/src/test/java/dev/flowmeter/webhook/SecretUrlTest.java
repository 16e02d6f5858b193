// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class SecretUrlTest {
  @Test
  void discord_tokenMasked_idKept() {
    SecretUrl url = SecretUrl.parse("https://discord.com/api/webhooks/1234567890/abcDEF_ghi-JKL");
    assertThat(url.masked()).isEqualTo("https://discord.com/api/webhooks/1234567890/***");
  }

  @Test
  void discordVersionedWithThread_tokenAndQueryMasked() {
    SecretUrl url = SecretUrl.parse("https://discord.com/api/v10/webhooks/42/tok3n?thread_id=777");
    assertThat(url.masked()).isEqualTo("https://discord.com/api/v10/webhooks/42/***?***");
    assertThat(url.createMessage().toString())
        .isEqualTo("https://discord.com/api/v10/webhooks/42/tok3n?thread_id=777&wait=true");
    assertThat(url.editMessage("99").toString())
        .isEqualTo("https://discord.com/api/v10/webhooks/42/tok3n/messages/99?thread_id=777");
  }

  @Test
  void slack_secretMasked_teamAndBotKept() {
    SecretUrl url =
        SecretUrl.parse(
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX");
    assertThat(url.masked()).isEqualTo("https://hooks.slack.com/services/T00000000/B00000000/***");
  }

  @Test
  void anyOtherUrl_userInfoQueryFragmentAndLongSegmentsMasked() {
    SecretUrl url =
        SecretUrl.parse(
            "https://user:pa55@example.com:8443/hooks/0123456789abcdefXYZ/progress?key=s3cr3t#frag");
    assertThat(url.masked()).isEqualTo("https://***@example.com:8443/hooks/***/progress?***#***");
  }

  @Test
  void scrub_removesEverySecretPart_rawOrDecoded() {
    SecretUrl url = SecretUrl.parse("https://example.com/api/webhooks/1/a%2Fb-secret?k=v%20w");
    String message =
        "failed for https://example.com/api/webhooks/1/a%2Fb-secret?k=v%20w (a/b-secret, k=v w)";
    assertThat(url.scrub(message))
        .isEqualTo("failed for https://example.com/api/webhooks/1/***?*** (***, ***)")
        .doesNotContain("secret");
  }

  @Test
  void notAnHttpUrl_isRefused_withoutQuotingIt() {
    assertThatThrownBy(() -> SecretUrl.parse("ftp://example.com/secret-token"))
        .hasMessage("is not an http or https URL");
    assertThatThrownBy(() -> SecretUrl.parse("https:///no-host/secret-token"))
        .hasMessage("has no host");
    assertThatThrownBy(() -> SecretUrl.parse("https://example.com/a b secret"))
        .message()
        .doesNotContain("secret");
  }
}
