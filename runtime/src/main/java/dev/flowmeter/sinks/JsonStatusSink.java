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
   *
   * Cost: the whole document is written at each flush, and the dispatcher flushes after each
   * batch, so with thousands of transfers moving the file would be rewritten several times per
   * interval (10,000 transfers: a 4 MB document, 11 % of a core in ScaleLoad). A flush therefore
   * skips the write when the last one ended less than GAP_FACTOR times its own duration ago (so the
   * writes take at most about 5 % of the thread's time), but only while some transfer in the file
   * still runs: a running transfer is sampled again within the tracker's heartbeat (a second), so
   * another flush comes and writes what was skipped. When all in the file have ended, a flush
   * always writes, so the file never keeps showing a transfer running that ended. A file of fewer
   * than PACED_FROM transfers is never put off (however slow a write in a cold JVM), so that a
   * flush (Flowmeter.flush) leaves it current; with thousands, the file may lag a flush by up to
   * MAX_GAP while they run. Close writes what is left.
   */
  static final int GAP_FACTOR = 20;

  /** Files of fewer transfers are written at every flush that has news. */
  static final int PACED_FROM = 1_000;

  /** The longest a write is put off, however slow the last one was. */
  static final Duration MAX_GAP = Duration.ofSeconds(2);

  static final int MAX_FINISHED = 10_000;

  private final Path path;
  private final Duration keep;
  private final Clock clock;
  private final Map<Long, ProgressEvent> transfers = new TreeMap<>();
  private final Map<Long, Instant> finishedAt = new LinkedHashMap<>();
  private Instant newest = Instant.MIN;
  private boolean changed;
  private int running; // transfers in the file whose last event is not final
  private long lastWriteEnd = Long.MIN_VALUE / 2; // System.nanoTime(), to pace the writes
  private long lastWriteNanos; // how long the last write took
  private int writes; // for tests

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
    running += (event.isFinal() ? 0 : 1) - (known == null ? 0 : 1);
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
    if (changed && (running == 0 || !tooSoon(System.nanoTime()))) {
      write();
      changed = false;
    }
  }

  /**
   * Whether the file is large and the last write ended less than its duration times {@link
   * #GAP_FACTOR} ago.
   */
  private boolean tooSoon(long now) {
    if (transfers.size() < PACED_FROM) {
      return false;
    }
    long gap = Math.min(MAX_GAP.toNanos(), lastWriteNanos * GAP_FACTOR);
    return now - lastWriteEnd < gap;
  }

  @Override
  public void close() throws IOException {
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

  /** How many times the file was written; for tests. */
  int writes() {
    return writes;
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
    long start = System.nanoTime();
    writes++;
    try {
      SinkFiles.replace(path, document().getBytes(StandardCharsets.UTF_8));
    } finally {
      lastWriteEnd = System.nanoTime();
      lastWriteNanos = lastWriteEnd - start;
    }
  }
}
