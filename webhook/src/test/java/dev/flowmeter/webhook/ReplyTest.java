// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ReplyTest {
  private static Reply reply(int status, Map<String, List<String>> headers, String body) {
    return new Reply(status, HttpHeaders.of(headers, (k, v) -> true), body);
  }

  @Test
  void member_readsTopLevelOnly_skippingNestedIds() {
    String message =
        "{\"author\":{\"id\":\"1\",\"name\":\"a \\\"}\\\" b\"},\"embeds\":[{\"id\":2}],"
            + "\"id\":\"1180000000000000042\",\"pinned\":false,\"n\":1.5,\"x\":null}";
    Reply reply = reply(200, Map.of(), message);
    assertThat(reply.member("id")).contains("1180000000000000042");
    assertThat(reply.member("pinned")).contains("false");
    assertThat(reply.member("n")).contains("1.5");
    assertThat(reply.member("x")).isEmpty();
  }

  @Test
  void member_ofABrokenOrCutBody_isWhatWasReadBefore() {
    assertThat(reply(200, Map.of(), "{\"id\":\"7\",\"more\":{\"a\":").member("id")).contains("7");
    assertThat(reply(200, Map.of(), "ok").member("id")).isEmpty();
    assertThat(reply(200, Map.of(), "{\"id\":\"\\uZZZZ\"}").member("id")).isEmpty();
    assertThat(reply(200, Map.of(), "").member("id")).isEmpty();
  }

  @Test
  void retryAfter_fractionalSeconds_thenBody_thenBucketReset() {
    assertThat(reply(429, Map.of("Retry-After", List.of("1.25")), "").retryAfter())
        .contains(Duration.ofMillis(1250));
    assertThat(reply(429, Map.of(), "{\"retry_after\":0.75,\"global\":false}").retryAfter())
        .contains(Duration.ofMillis(750));
    assertThat(reply(429, Map.of("X-RateLimit-Reset-After", List.of("2")), "").retryAfter())
        .contains(Duration.ofSeconds(2));
    assertThat(reply(429, Map.of("Retry-After", List.of("soon")), "").retryAfter()).isEmpty();
  }

  @Test
  void retryAfter_isCappedAndNeverNegative() {
    assertThat(reply(429, Map.of("Retry-After", List.of("86400")), "").retryAfter())
        .contains(Reply.MAX_WAIT);
    assertThat(reply(429, Map.of("Retry-After", List.of("-3")), "").retryAfter())
        .contains(Duration.ZERO);
    assertThat(
            reply(429, Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), "")
                .retryAfter())
        .contains(Duration.ZERO);
  }

  @Test
  void bucketEmptyFor_onlyWhenNothingRemains() {
    Map<String, List<String>> empty =
        Map.of("X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset-After", List.of("0.5"));
    Map<String, List<String>> left =
        Map.of("X-RateLimit-Remaining", List.of("4"), "X-RateLimit-Reset-After", List.of("0.5"));
    assertThat(reply(200, empty, "").bucketEmptyFor()).contains(Duration.ofMillis(500));
    assertThat(reply(200, left, "").bucketEmptyFor()).isEmpty();
  }
}
