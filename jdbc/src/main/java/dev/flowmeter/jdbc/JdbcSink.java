// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Values;
import dev.flowmeter.jdbc.Rows.ProgressRow;
import dev.flowmeter.jdbc.Rows.TransferRow;
import dev.flowmeter.sink.ProgressSink;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes transfers and their progress to a database; see {@link JdbcSinkProvider} for what it
 * writes and its options.
 *
 * <p>Called from its dispatcher's thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class JdbcSink implements ProgressSink {
  /* Design notes.
   *
   * Writing: onEvent turns each event into a row in the buffer; flush writes the whole buffer in
   * one transaction and forgets it only once committed. A transfer's row is its whole state, so a
   * later lifecycle event replaces the earlier one in the buffer and in the table (upsert).
   *
   * Faults: a failed write keeps the rows and sets the time of the next attempt, the wait doubling
   * from 0.5 s up to `retry`. Until then flush returns at once: a database known to be down costs
   * the dispatch nothing, and one attempt costs at most `timeout`. The outage is said once when it
   * starts and once when it ends; rows dropped by the bound are said in one line when it ends (or
   * at exit). The episodes said are capped, so a database that flaps all day cannot fill standard
   * error.
   *
   * Progress rows: the dispatcher delivers at most one snapshot of a transfer per interval, but
   * a snapshot's time is the reporter's sample before the delivery, so two delivered an interval
   * apart may have been sampled a little less than an interval apart (and a flush delivers what
   * is held at once); the sink keeps its own bound from the events' times, so the table's `ts`
   * column holds at most one progress row per transfer per interval, exactly.
   */

  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final int EPISODES_SAID = 10;
  private static final int MAX_TRACKED = 100_000;

  private final String name;
  private final String target;
  private final String run;
  private final Database database;
  private final RowBuffer buffer;
  private final Clock clock;
  private final long intervalMillis;
  private final long retryMillis;
  private final Map<Long, Long> lastProgress = new HashMap<>();

  private boolean down;
  private int episode;
  private long nextAttempt;
  private long wait;
  private long droppedSaid;
  private int dropLines;
  private int attempts;

  /**
   * @param name the sink's instance name, for messages
   * @param target the database's URL with its secrets masked, for messages
   * @param run this sink's prefix of transfer keys, unique among the writers of one database
   */
  JdbcSink(
      String name,
      String target,
      String run,
      Database database,
      int capacity,
      Duration interval,
      Duration retry,
      Clock clock) {
    this.name = name;
    this.target = target;
    this.run = run;
    this.database = database;
    this.buffer = new RowBuffer(capacity);
    this.intervalMillis = interval.toMillis();
    this.retryMillis = Math.max(retry.toMillis(), 1);
    this.clock = clock;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    long id = event.transferId();
    if (event.isLifecycle()) {
      buffer.add(TransferRow.of(run, event));
      if (event.isFinal()) {
        lastProgress.remove(id);
      }
      return;
    }
    long time = event.time().toEpochMilli();
    Long last = lastProgress.get(id);
    if (last != null && time - last < intervalMillis) {
      return;
    }
    if (last == null && lastProgress.size() >= MAX_TRACKED) {
      lastProgress.clear(); // transfers that never ended: forget them rather than grow
    }
    lastProgress.put(id, time);
    buffer.add(ProgressRow.of(run, event));
  }

  /** Writes what is buffered, unless the database is down and its next attempt is not due yet. */
  @Override
  public void flush() {
    if (buffer.isEmpty() || (down && clock.millis() < nextAttempt)) {
      return;
    }
    write();
  }

  /**
   * Tries once more whatever the wait, bounded by the timeout; what cannot be written is said in
   * one line, and the connection is closed.
   */
  @Override
  public void close() {
    try {
      if (!buffer.isEmpty()) {
        @Nullable SQLException failure = write();
        if (failure != null) {
          Diagnostics.once(
              "jdbc-unwritten:" + name,
              prefix()
                  + buffer.size()
                  + " rows not written at exit: "
                  + target
                  + " is unreachable ("
                  + Diagnostics.describe(failure)
                  + ")",
              failure);
        }
      }
      sayDropped();
    } finally {
      database.close();
    }
  }

  /** Writes the buffer; returns the failure, or {@code null} when written. */
  private @Nullable SQLException write() {
    attempts++;
    int rows = buffer.size();
    try {
      database.write(buffer.transfers(), buffer.progress());
    } catch (SQLException e) {
      failed(e);
      return e;
    } catch (RuntimeException e) { // a driver's bug: the same, retried
      SQLException wrapped = new SQLException(Diagnostics.describe(e), e);
      failed(wrapped);
      return wrapped;
    }
    buffer.clear();
    if (down) {
      down = false;
      wait = 0;
      if (episode <= EPISODES_SAID) {
        Diagnostics.once(
            "jdbc-up:" + name + ":" + episode,
            prefix() + target + " is reachable again; the " + rows + " rows kept were written");
      }
    }
    sayDropped();
    return null;
  }

  private void failed(SQLException e) {
    wait =
        wait == 0 ? Math.min(FIRST_RETRY.toMillis(), retryMillis) : Math.min(wait * 2, retryMillis);
    nextAttempt = clock.millis() + wait;
    if (down) {
      Diagnostics.debug(prefix() + "still cannot write to " + target, e);
      return;
    }
    down = true;
    episode++;
    String message =
        prefix()
            + "cannot write to "
            + target
            + " ("
            + Diagnostics.describe(e)
            + "); keeping up to "
            + buffer.capacity()
            + " rows in memory and trying again, at most every "
            + Values.format(Duration.ofMillis(retryMillis));
    if (episode <= EPISODES_SAID) {
      Diagnostics.once("jdbc-down:" + name + ":" + episode, message, e);
    } else {
      Diagnostics.debug(message, e);
    }
  }

  /** Says, in one line, how many rows the bound dropped since it was last said. */
  private void sayDropped() {
    long progress = buffer.droppedProgress();
    long transfers = buffer.droppedTransfers();
    long dropped = progress + transfers;
    if (dropped == droppedSaid || dropLines >= EPISODES_SAID) {
      return;
    }
    droppedSaid = dropped;
    dropLines++;
    Diagnostics.once(
        "jdbc-dropped:" + name + ":" + episode + ":" + dropped,
        prefix()
            + dropped
            + " rows dropped ("
            + progress
            + " progress, "
            + transfers
            + " transfer rows) while "
            + target
            + " could not take them: the buffer holds "
            + buffer.capacity()
            + " rows (flowmeter.sink."
            + name
            + ".buffer)");
  }

  private String prefix() {
    return "jdbc sink '" + name + "': ";
  }

  /** How many times a write was tried; for tests. */
  int attempts() {
    return attempts;
  }

  /** The rows waiting; for tests. */
  int buffered() {
    return buffer.size();
  }

  /** This sink's prefix of transfer keys; for tests. */
  String run() {
    return run;
  }
}
