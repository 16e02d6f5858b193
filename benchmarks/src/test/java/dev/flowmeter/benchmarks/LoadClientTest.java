// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LoadClientTest {
  private final LoadClient client = new LoadClient() {};

  @Test
  void isoMicros_readsEveryFormOfInstantToString() {
    for (String text :
        new String[] {
          "2026-11-27T03:00:00Z",
          "2026-11-27T03:00:00.250Z",
          "2026-11-27T03:00:00.123456Z",
          "2026-11-27T03:00:00.123456789Z",
          "2026-11-27T03:00:01.001Z",
          "2026-12-31T23:59:59.999Z",
          "2026-11-27T03:00:00.250+01:00"
        }) {
      Instant at = Instant.parse(text);
      assertThat(client.isoMicros(text))
          .as(text)
          .isEqualTo(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
    }
  }

  @Test
  void onMessage_countsLifecycleOncePerTransferAndInOrder() {
    long t = 1_000_000_000_000_000L;
    client.onMessage(event("download.started", "1", "2001-09-09T01:46:40Z"), t + 5_000);
    client.onMessage(event("download.progress", "1", "2001-09-09T01:46:40.010Z"), t + 30_000);
    client.onMessage(event("download.completed", "1", "2001-09-09T01:46:40.020Z"), t + 40_000);
    client.onMessage(event("download.completed", "1", "2001-09-09T01:46:40.020Z"), t + 40_000);
    client.onMessage(event("download.progress", "2", "2001-09-09T01:46:40.030Z"), t + 40_000);
    client.onMessage(event("download.error", "3", "2001-09-09T01:46:40.030Z"), t + 40_000);
    client.onMessage("{\"event\":\"error\",\"message\":\"bad\"}", t);
    client.onMessage("not json", t);

    LoadClient.Tally tally = client.tally();
    assertThat(tally.started()).isEqualTo(1);
    assertThat(tally.completed()).isEqualTo(1);
    assertThat(tally.duplicates()).isEqualTo(1);
    assertThat(tally.outOfOrder()).isEqualTo(2); // progress of 2 and error of 3, never started
    assertThat(tally.failed()).isEqualTo(1);
    assertThat(tally.unexpected()).isEqualTo(2);
    assertThat(Delays.sorted(List.of(client.progressDelays()))).containsExactly(10_000L, 20_000L);
  }

  @Test
  void onMessage_fieldsAfterALongObject_areStillRead() {
    String padding = "x".repeat(1000);
    client.onMessage(
        "{\"transfer\":{\"name\":\""
            + padding
            + "\"},\"event\":\"download.started\",\"task_id\":\"7\","
            + "\"timestamp\":\"2001-09-09T01:46:40Z\"}",
        1_000_000_000_000_000L);

    assertThat(client.tally().started()).isEqualTo(1);
    assertThat(client.tally().unexpected()).isZero();
  }

  @Test
  void onMessage_subscribed_makesTheClientReady() throws InterruptedException {
    assertThat(client.awaitReady(0)).isFalse();

    client.onMessage("{\"event\":\"subscribed\",\"task_id\":\"*\"}", 0);

    assertThat(client.awaitReady(0)).isTrue();
  }

  @Test
  void onMessage_afterStop_isNotCounted() {
    client.stop();

    client.onMessage(event("download.started", "1", "2001-09-09T01:46:40Z"), 0);

    assertThat(client.tally().started()).isZero();
  }

  private static String event(String event, String taskId, String timestamp) {
    return "{\"event\":\""
        + event
        + "\",\"task_id\":\""
        + taskId
        + "\",\"timestamp\":\""
        + timestamp
        + "\",\"progress\":{\"percentage\":1.5},\"transfer\":{\"files\":[]}}";
  }
}
