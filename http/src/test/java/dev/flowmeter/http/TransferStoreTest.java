// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static dev.flowmeter.http.Fixtures.T0;
import static dev.flowmeter.http.Fixtures.event;
import static dev.flowmeter.http.Fixtures.get;
import static dev.flowmeter.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server keeps: the latest state, finished transfers for the retention, a bound. */
final class TransferStoreTest {
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);

  private static List<Long> ids(List<ProgressEvent> events) {
    return events.stream().map(ProgressEvent::transferId).toList();
  }

  @Test
  void finishedTransfers_leaveAfterTheRetention_liveOnesStay() {
    TransferStore store = new TransferStore(clock, Duration.ofHours(24), 100);
    store.put(event(1, "download", Status.STARTING).build());
    store.put(event(2, "download", Status.COMPLETED).time(T0).build());
    clock.advance(Duration.ofHours(23));
    store.put(event(3, "download", Status.FAILED).time(clock.instant()).build());
    store.evict();
    assertThat(ids(store.list(e -> true))).containsExactly(1L, 2L, 3L);

    clock.advance(Duration.ofHours(2)); // 25 h after 2 ended, 2 h after 3 ended
    assertThat(ids(store.list(e -> true))).containsExactly(1L, 3L); // hidden before eviction
    assertThat(store.find(2)).isEmpty();
    store.evict();
    assertThat(store.size()).isEqualTo(2);

    clock.advance(Duration.ofDays(30));
    store.evict();
    assertThat(ids(store.list(e -> true))).containsExactly(1L); // a live transfer stays
  }

  @Test
  void finishedTransfers_areBounded_oldestLeaveFirst() {
    TransferStore store = new TransferStore(clock, Duration.ofHours(24), 3);
    store.put(event(100, "copy", Status.IN_PROGRESS).build());
    for (long id = 1; id <= 5; id++) {
      store.put(event(id, "copy", Status.COMPLETED).build());
    }
    assertThat(ids(store.list(e -> true))).containsExactly(3L, 4L, 5L, 100L);
  }

  @Test
  void aFinalEvent_isNotReplacedByALateSnapshot_andChildrenAreFound() {
    TransferStore store = new TransferStore(clock, Duration.ofHours(24), 100);
    store.put(event(1, "upload", Status.COMPLETED).build());
    store.put(event(1, "upload", Status.IN_PROGRESS).build());
    assertThat(store.find(1).orElseThrow().status()).isEqualTo(Status.COMPLETED);

    store.put(event(10, "upload", Status.STARTING).build());
    store.put(event(12, "upload", Status.STARTING).parentId(10).build());
    store.put(event(11, "upload", Status.COMPLETED).parentId(10).build());
    assertThat(ids(store.children(10))).containsExactly(11L, 12L);
  }

  @Test
  void server_forgetsFinishedTransfersAfterTheRetention() throws Exception {
    HttpSink sink =
        HttpSink.start(Fixtures.settings().retention(Duration.ofMinutes(5)).clock(clock).build());
    try {
      sink.onEvent(event(1, "download", Status.STARTING).build());
      sink.onEvent(event(2, "download", Status.COMPLETED).time(T0).build());
      sink.flush();
      assertThat(json(get(sink, "/api/progress").body()).get("transfers")).hasSize(2);
      clock.advance(Duration.ofMinutes(6));
      sink.flush();
      assertThat(json(get(sink, "/api/progress").body()).get("transfers")).hasSize(1);
      assertThat(get(sink, "/api/progress/2").statusCode()).isEqualTo(404);
      assertThat(sink.store().size()).isEqualTo(1);
    } finally {
      sink.close();
    }
  }
}
