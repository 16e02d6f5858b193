// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class RequestGateTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  @Test
  void perMinute_slidingWindow() {
    RequestGate gate = new RequestGate(3);
    long t = 1_000 * S;
    gate.record(t);
    gate.record(t + 10 * S);
    assertThat(gate.delay(t + 20 * S)).isZero();
    gate.record(t + 20 * S);
    assertThat(gate.delay(t + 30 * S)).isEqualTo(30 * S); // the first leaves the window at t + 60
    assertThat(gate.delay(t + 60 * S)).isZero();
    gate.record(t + 60 * S);
    assertThat(gate.delay(t + 61 * S)).isEqualTo(9 * S); // now the one at t + 10
  }

  @Test
  void pause_keepsTheLaterOfTwo() {
    RequestGate gate = new RequestGate(30);
    gate.pauseUntil(5 * S);
    gate.pauseUntil(2 * S);
    assertThat(gate.delay(S)).isEqualTo(4 * S);
    assertThat(gate.delay(6 * S)).isZero();
  }

  @Test
  void backoff_growsWithJitter_andIsCapped() {
    for (int attempt = 1; attempt <= 20; attempt++) {
      long step =
          Math.min(
              WebhookSink.FIRST_BACKOFF.toNanos() << Math.min(attempt - 1, 16),
              WebhookSink.MAX_BACKOFF.toNanos());
      assertThat(WebhookSink.backoff(attempt)).isBetween(step / 2, step);
    }
  }
}
