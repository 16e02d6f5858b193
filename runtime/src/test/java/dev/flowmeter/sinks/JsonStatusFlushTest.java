// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.ManualTime;
import dev.flowmeter.internal.SinkDispatcher;
import dev.flowmeter.internal.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the status file shows after a flush, through a real tracker: current with fewer than {@link
 * JsonStatusSink#PACED_FROM} transfers; with more, a rewrite may be put off while they run (the
 * file shows the numbers of an earlier flush, never made-up ones), and the ends are always written.
 */
final class JsonStatusFlushTest {
  private static final ObjectMapper mapper = new ObjectMapper();

  @TempDir Path dir;

  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private Path file() {
    return dir.resolve("status.json");
  }

  private List<Transfer> start(int n) throws IOException {
    JsonStatusSink sink = JsonStatusSink.open(file(), Duration.ofHours(1), time.clock());
    tracker.addSink(new SinkDispatcher("json", sink, Duration.ofMillis(100).toNanos(), 5));
    List<Transfer> transfers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      transfers.add(tracker.builder().name("f" + i).totalBytes(1_000_000).start());
    }
    return transfers;
  }

  private void round(List<Transfer> transfers) {
    for (Transfer t : transfers) {
      t.advance(1 + t.id() % 7);
    }
    time.advance(Duration.ofMillis(200)); // past the sink's interval: every snapshot is due
    tracker.sample();
  }

  private Map<Long, JsonNode> read() throws IOException {
    Map<Long, JsonNode> byId = new HashMap<>();
    mapper
        .readTree(file().toFile())
        .get("transfers")
        .forEach(t -> byId.put(t.get("id").asLong(), t));
    return byId;
  }

  @Test
  void fewerThanAThousand_theFileIsCurrentAfterEveryFlush() throws IOException {
    List<Transfer> transfers = start(JsonStatusSink.PACED_FROM - 1);
    for (int r = 0; r < 3; r++) {
      round(transfers);
      assertThat(tracker.flush(10_000)).isTrue();
      Map<Long, JsonNode> file = read();
      assertThat(file).hasSize(transfers.size());
      for (Transfer t : transfers) {
        assertThat(file.get(t.id()).get("bytes").asLong()).isEqualTo(t.snapshot().bytes());
      }
    }
  }

  @Test
  void moreThanAThousand_aFlushMayLeaveAnEarlierFile_butTheEndsAreAlwaysWritten()
      throws IOException {
    List<Transfer> transfers = start(1_500);
    for (int r = 0; r < 2; r++) {
      round(transfers);
      assertThat(tracker.flush(10_000)).isTrue();
      // a rewrite just after a long one is put off while transfers run: the file may show the
      // state of an earlier write (fewer transfers, earlier numbers), never numbers not measured
      Map<Long, JsonNode> file = read();
      assertThat(file.size()).isLessThanOrEqualTo(transfers.size());
      for (Transfer t : transfers) {
        JsonNode n = file.get(t.id());
        if (n != null) {
          assertThat(n.get("bytes").asLong()).isBetween(0L, t.snapshot().bytes());
          assertThat(n.get("status").asText()).isIn("starting", "in_progress");
        }
      }
    }
    for (Transfer t : transfers) {
      t.complete();
    }
    assertThat(tracker.flush(10_000)).isTrue();
    Map<Long, JsonNode> ended = read();
    assertThat(ended).hasSize(transfers.size());
    for (Transfer t : transfers) {
      JsonNode n = ended.get(t.id());
      assertThat(n.get("status").asText()).isEqualTo("completed");
      assertThat(n.get("bytes").asLong()).isEqualTo(t.snapshot().bytes());
    }
  }
}
