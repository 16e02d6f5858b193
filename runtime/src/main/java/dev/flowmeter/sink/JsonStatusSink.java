// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

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
   * Atomicity: the document is written to a temporary file in the target's directory (same file
   * system, so the rename cannot turn into a copy) and moved over the target with ATOMIC_MOVE; a
   * reader opens either the old file or the new one, never a part of one. Where the file system
   * has no atomic move, REPLACE_EXISTING is the best left. The temporary file is created with
   * CREATE_NEW and the process's default permissions (not createTempFile's owner-only ones, which
   * the move would pass on to the status file), and deleted if anything fails.
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

  /** Creates the sink and writes the file once, with no transfer, so that it exists from now on. */
  static JsonStatusSink open(Path path, Duration keep, Clock clock) throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException(path + " is a directory");
    }
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
      EventJson.transfer(json, event);
      json.name("lastUpdate").value(event.time());
      json.endObject();
    }
    json.endArray().endObject();
    return json.toString() + "\n";
  }

  private void write() throws IOException {
    byte[] bytes = document().getBytes(StandardCharsets.UTF_8);
    Path temp = createTemp();
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp); // only when the move did not happen
    }
  }

  private Path createTemp() throws IOException {
    String prefix = "." + path.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path temp =
          path.resolveSibling(
              prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
