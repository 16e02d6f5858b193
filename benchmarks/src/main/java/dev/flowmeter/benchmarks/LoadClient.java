// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client of {@link HttpLoad}: what it received from the server's event stream, and when.
 *
 * <p>For each event ({@code {"event":"download.progress","task_id":..,"timestamp":..,...}}) the
 * delay is the wall clock at its arrival minus its {@code timestamp}, the moment the server's
 * snapshot of the transfer was taken (client and server run on one machine, so one clock). Only the
 * first three fields are read: the rest of the event is skipped unparsed, so the client spends
 * little of the machine the server needs.
 *
 * <p>Thread-safety: one thread at a time delivers messages (the SSE client's own thread, the
 * WebSocket's listener calls, which the JDK runs one after another); the report reads under the
 * same lock after {@link #stop()}.
 */
abstract class LoadClient {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int HEAD_CHARS = 256;

  private final Delays progressDelays = new Delays();
  private final Delays startedDelays = new Delays();
  private final Delays endDelays = new Delays();
  private final Set<String> started = new HashSet<>();
  private final Set<String> ended = new HashSet<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private long duplicates;
  private long outOfOrder;
  private long failed;
  private long unexpected;
  private long chars;
  private volatile int completed;
  private volatile boolean stopping;
  private volatile @Nullable String lost;

  /** {@code 2026-11-27T03:00:00}: the part of a timestamp that names its second. */
  private static final int SECOND_PREFIX = 19;

  private String cachedPrefix = "";
  private long cachedSecond;

  /** The wall clock now, in microseconds since the epoch. */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** Takes one event's JSON that began to arrive at {@code arrivalMicros}. */
  final synchronized void onMessage(String json, long arrivalMicros) {
    if (stopping) {
      return; // the report is being read: what comes now is not counted
    }
    chars += json.length();
    Head head;
    try {
      head = head(json);
    } catch (IOException | DateTimeParseException e) {
      unexpected++;
      return;
    }
    String event = head.event;
    String taskId = head.taskId;
    long timestamp = head.timestamp;
    if ("subscribed".equals(event)) {
      ready.countDown();
      return;
    }
    int dot = event == null ? -1 : event.lastIndexOf('.');
    if (dot < 0 || taskId == null || timestamp == Long.MIN_VALUE) {
      unexpected++; // the server's "error" answer, or an event without what the contract promises
      return;
    }
    count(event.substring(dot + 1), taskId, arrivalMicros, arrivalMicros - timestamp);
  }

  /**
   * The first fields of an event. They lead its JSON, before its progress and transfer objects (the
   * bulk of it), so the first {@value #HEAD_CHARS} characters are parsed first, and the whole only
   * when they do not hold all three.
   */
  private Head head(String json) throws IOException {
    if (json.length() > HEAD_CHARS) {
      try {
        Head head = parseHead(json.substring(0, HEAD_CHARS));
        if (head.complete()) {
          return head;
        }
      } catch (JsonProcessingException e) {
        // the three fields are not all in the head (the text ends inside the object): read it whole
      }
    }
    return parseHead(json);
  }

  private Head parseHead(String json) throws IOException {
    Head head = new Head();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "not an object");
      }
      while (!head.complete() && parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("event")) {
          head.event = parser.getText();
        } else if (field.equals("task_id")) {
          head.taskId = parser.getText();
        } else if (field.equals("timestamp")) {
          head.timestamp = micros(parser, value);
        } else {
          parser.skipChildren();
        }
      }
    }
    return head;
  }

  /** An event's name, task id and timestamp (µs since the epoch), as far as they were found. */
  private static final class Head {
    @Nullable String event;
    @Nullable String taskId;
    long timestamp = Long.MIN_VALUE;

    boolean complete() {
      return event != null && taskId != null && timestamp != Long.MIN_VALUE;
    }
  }

  private void count(String what, String taskId, long arrivalMicros, long delayMicros) {
    switch (what) {
      case "progress":
        progressDelays.record(arrivalMicros, delayMicros);
        if (!started.contains(taskId) || ended.contains(taskId)) {
          outOfOrder++;
        }
        return;
      case "started":
        startedDelays.record(arrivalMicros, delayMicros);
        if (!started.add(taskId)) {
          duplicates++;
        }
        return;
      case "processing":
        endDelays.record(arrivalMicros, delayMicros);
        return;
      case "completed":
      case "error":
      case "cancelled":
        endDelays.record(arrivalMicros, delayMicros);
        if (!started.contains(taskId)) {
          outOfOrder++;
        }
        if (!ended.add(taskId)) {
          duplicates++;
        } else if (what.equals("completed")) {
          completed++;
        } else {
          failed++;
        }
        return;
      default:
        unexpected++;
    }
  }

  private long micros(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue() * 1_000; // epoch milliseconds
    }
    return isoMicros(parser.getText());
  }

  /**
   * {@code text} ({@link Instant#toString()}'s form) in microseconds since the epoch. A client
   * takes hundreds of events a second whose timestamps share their second, so the second is parsed
   * once ({@link Instant#parse} costs about a microsecond) and only the fraction each time.
   */
  long isoMicros(String text) {
    int fraction = SECOND_PREFIX;
    if (text.length() > fraction
        && text.endsWith("Z")
        && (text.charAt(fraction) == '.' || text.charAt(fraction) == 'Z')) {
      if (!text.regionMatches(0, cachedPrefix, 0, SECOND_PREFIX)) {
        cachedSecond = Instant.parse(text.substring(0, SECOND_PREFIX) + "Z").getEpochSecond();
        cachedPrefix = text.substring(0, SECOND_PREFIX);
      }
      long micros = 0;
      int scale = 100_000;
      for (int i = fraction + 1; i < text.length() - 1 && scale > 0; i++, scale /= 10) {
        micros += (text.charAt(i) - '0') * scale;
      }
      return cachedSecond * 1_000_000 + micros;
    }
    Instant at = Instant.parse(text);
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
  }

  /** Marks the client ready: the server has registered it (its snapshot or subscription came). */
  final void ready() {
    ready.countDown();
  }

  final boolean awaitReady(long millis) throws InterruptedException {
    return ready.await(millis, TimeUnit.MILLISECONDS);
  }

  /** The {@code completed} events received, each transfer once. */
  final int completed() {
    return completed;
  }

  /** Records that the connection ended before {@link #stop()}, and why. */
  final void lost(String why) {
    if (!stopping && lost == null) {
      lost = why;
    }
  }

  /** From now on the connection may end: the benchmark has what it waited for. */
  void stop() {
    stopping = true;
  }

  final @Nullable String lostReason() {
    return lost;
  }

  final synchronized Delays progressDelays() {
    return progressDelays;
  }

  final synchronized Delays startedDelays() {
    return startedDelays;
  }

  /** The delays of the other lifecycle events: processing, completed, error, cancelled. */
  final synchronized Delays endDelays() {
    return endDelays;
  }

  /** What one client counted, read at once. */
  record Tally(
      int started,
      int completed,
      long duplicates,
      long outOfOrder,
      long failed,
      long unexpected,
      long chars) {}

  /**
   * What this client counted: the transfers it saw start and complete, the lifecycle events it got
   * twice or out of order, the transfers that failed or were cancelled, the messages that were not
   * events of the contract, and the characters of every message taken (the events' JSON, without
   * the SSE framing).
   */
  final synchronized Tally tally() {
    return new Tally(started.size(), completed, duplicates, outOfOrder, failed, unexpected, chars);
  }
}
