// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.EventJson;
import dev.flowmeter.sink.JsonWriter;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a JSON file with the state of every current transfer, replaced atomically; see {@link
 * JsonSinkProvider} for the format.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class JsonStatusSink implements ProgressSink {
  /*
   * Design notes
   *
   * Atomicity: SinkFiles.replace writes the document beside the file and renames it over it, and
   * refuses anything but a regular file or a link to one (see its notes).
   *
   * Failure: a write that fails leaves "changed" set, so the next flush writes the document again,
   * with whatever came since: the state is in memory, the file only mirrors it.
   *
   * Time: "keep" is measured in event time (the newest event's time()), not by a clock of our
   * own, so the file follows the tracker's clock, and tests drive it with events alone.
   *
   * Memory: finished transfers leave after keep, and at most MAX_FINISHED are kept in any case.
   */
  static final int MAX_FINISHED = 10_000;

  private final Path path;
  private final Duration keep;
  private final Clock clock;
  private final Map<Long, ProgressEvent> transfers = new TreeMap<>();
  private final Map<Long, Instant> finishedAt = new LinkedHashMap<>();
  private Instant newest = Instant.MIN;
  private boolean changed;

  private JsonStatusSink(Path path, Duration keep, Clock clock) {
    this.path = path;
    this.keep = keep;
    this.clock = clock;
  }

  /**
   * Creates the sink and writes the file once, with no transfer, so that it exists from now on.
   *
   * @throws IOException when {@code path} is not a file that can be replaced (see {@link
   *     SinkFiles#replace}) or cannot be written
   */
  static JsonStatusSink open(Path path, Duration keep, Clock clock) throws IOException {
    JsonStatusSink sink = new JsonStatusSink(path, keep, clock);
    sink.write();
    return sink;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    long id = event.transferId();
    ProgressEvent known = transfers.get(id);
    if (known != null && known.isFinal()) {
      return; // nothing follows a final event; this one is stale
    }
    transfers.put(id, event);
    if (event.isFinal()) {
      finishedAt.put(id, event.time());
    }
    if (event.time().isAfter(newest)) {
      newest = event.time();
    }
    changed = true;
  }

  @Override
  public void flush() throws IOException {
    evict();
    if (changed) {
      write();
      changed = false;
    }
  }

  /** Removes finished transfers whose final event is {@code keep} or more older than the newest. */
  private void evict() {
    int excess = finishedAt.size() - MAX_FINISHED;
    Iterator<Map.Entry<Long, Instant>> it = finishedAt.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Instant> entry = it.next();
      if (excess > 0 || !entry.getValue().plus(keep).isAfter(newest)) {
        transfers.remove(entry.getKey());
        it.remove();
        excess--;
        changed = true;
      }
    }
  }

  /** The whole document. */
  String document() {
    JsonWriter json = new JsonWriter(new StringBuilder(256 + 512 * transfers.size()));
    json.beginObject();
    json.name("updated").value(clock.instant());
    json.name("transfers").beginArray();
    for (ProgressEvent event : transfers.values()) {
      json.beginObject();
      EventJson.members(json, event);
      json.name("lastUpdate").value(event.time());
      json.endObject();
    }
    json.endArray().endObject();
    return json.toString() + "\n";
  }

  private void write() throws IOException {
    SinkFiles.replace(path, document().getBytes(StandardCharsets.UTF_8));
  }
}
