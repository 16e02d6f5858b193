// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.email.MailTransport.SendFailure;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Text;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mails waiting to be sent, and the one daemon thread that sends them, so that the sink's
 * dispatch thread only ever adds to a queue.
 *
 * <p>Digest: the first mail after a quiet spell waits {@code digest} for company; whatever came
 * meanwhile goes with it as one digest mail (a mail alone goes as itself). So a burst (many
 * transfers ending together) is one mail, at the price of a delay of at most {@code digest}. A
 * {@code digest} of zero sends every mail on its own, at once.
 *
 * <p>Faults: a server that cannot be reached (or answers "try later") keeps the mail, which is
 * retried after 1 s, 2 s, 4 s ... up to {@code maxBackoff}; mails that come meanwhile join it (with
 * a digest) or wait in the queue. The queue holds at most {@link #CAPACITY} mails and a digest at
 * most {@link #MAX_BATCH}: beyond, new mails are dropped, and counted. A refused login or a TLS
 * failure stops sending for {@code pause} (retrying would only repeat it, and a server may lock an
 * account that keeps failing), dropping what comes meanwhile. Each trouble is one line on standard
 * error, and its end another, with the count of mails dropped.
 *
 * <p>Thread-safety: {@link #offer} and {@link #close} may be called from any thread; the rest runs
 * on the sender thread.
 */
final class Outbox implements Runnable {
  /** Mails the queue holds at most. */
  static final int CAPACITY = 500;

  /** Mails one digest gathers at most. */
  static final int MAX_BATCH = 500;

  /** How long {@link #close()} waits for the queue to be sent, at most. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final String server;
  private final MailTransport transport;
  private final long digestNanos;
  private final long firstBackoffNanos;
  private final long maxBackoffNanos;
  private final long pauseNanos;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Mail> queue = new ArrayDeque<>();

  /** Written under lock; volatile so that the sender may read it without. */
  private volatile boolean closing;

  /** Mails taken from the queue and not yet sent or dropped; guarded by lock. */
  private int inFlight;

  // sender thread only
  /** Numbers the spells of trouble, for their messages' keys; read by offer() too. */
  private volatile int trouble;

  private boolean troubled;
  private long pausedUntil;
  private boolean paused;

  /** Mails dropped during the current spell of trouble; guarded by lock. */
  private int dropped;

  /**
   * An outbox for sink {@code name} sending through {@code transport} to {@code server} (for
   * messages).
   */
  Outbox(
      String name,
      String server,
      MailTransport transport,
      Duration digest,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration pause) {
    this.name = name;
    this.server = server;
    this.transport = transport;
    this.digestNanos = digest.toNanos();
    this.firstBackoffNanos = firstBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.pauseNanos = pause.toNanos();
    this.thread = new Thread(this, "flowmeter-email-" + Text.sanitize(name));
    thread.setDaemon(true);
    // Jakarta Mail finds its providers through the context class loader: under the agent this
    // sink lives in an extension's loader, which the application's threads do not see
    thread.setContextClassLoader(Outbox.class.getClassLoader());
  }

  /** Starts the sender thread. */
  void start() {
    thread.start();
  }

  /** Queues {@code mail}; never blocks. A full queue (or a closed outbox) drops it, counted. */
  void offer(Mail mail) {
    lock.lock();
    try {
      if (closing || queue.size() >= CAPACITY) {
        dropped++;
        Diagnostics.once(
            "email:" + name + ":full:" + trouble,
            "email sink '"
                + name
                + "': "
                + (closing ? "closed" : CAPACITY + " mails wait for " + server)
                + "; newer mails are dropped (their count is said when mail goes again)");
        return;
      }
      queue.add(mail);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends what waits, without the digest's delay, and waits for it at most {@link #CLOSE_WAIT};
   * what is still unsent then is counted in one line. The sender thread is a daemon: it never holds
   * up the JVM's exit.
   */
  void close() throws InterruptedException {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.join(CLOSE_WAIT.toMillis());
    int unsent;
    lock.lock();
    try {
      unsent = queue.size() + inFlight + dropped;
    } finally {
      lock.unlock();
    }
    if (unsent > 0) {
      Diagnostics.once(
          "email:" + name + ":exit",
          "email sink '"
              + name
              + "': "
              + unsent
              + (unsent == 1 ? " mail" : " mails")
              + " not sent ("
              + server
              + " did not take "
              + (unsent == 1 ? "it" : "them")
              + " before exit)");
    }
  }

  @Override
  public void run() {
    try {
      List<Mail> batch;
      while ((batch = nextBatch()) != null) {
        deliver(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      Diagnostics.once(
          "email:" + name + ":broken",
          "email sink '" + name + "' stopped sending (" + Diagnostics.describe(e) + ")",
          e);
    }
  }

  /**
   * Waits for a mail, then for the digest's delay, and takes what waits (as much as a digest
   * holds); {@code null} once closed and empty.
   */
  private List<Mail> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closing) {
          return null;
        }
        changed.await();
      }
      if (digestNanos > 0) {
        long left = digestNanos;
        while (!closing && left > 0 && queue.size() < MAX_BATCH) {
          left = changed.awaitNanos(left);
        }
      }
      List<Mail> batch = new ArrayList<>();
      take(batch, digestNanos > 0 ? MAX_BATCH : 1);
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Moves up to {@code max} mails in all from the queue to {@code batch}; under lock. */
  private void take(List<Mail> batch, int max) {
    while (batch.size() < max && !queue.isEmpty()) {
      batch.add(queue.poll());
      inFlight++;
    }
  }

  private void deliver(List<Mail> batch) throws InterruptedException {
    long backoff = firstBackoffNanos;
    while (true) {
      if (paused && System.nanoTime() - pausedUntil < 0) {
        done(batch, false);
        return;
      }
      paused = false;
      boolean lastTry = closing; // once closing, a mail gets one more try, no more
      Mail mail = batch.size() == 1 ? batch.get(0) : MailText.digest(batch);
      try {
        transport.send(mail);
        recovered(batch.size());
        done(batch, true);
        return;
      } catch (SendFailure f) {
        switch (f.kind()) {
          case DROP:
            // this mail's fault, not the server's: said once, and not counted as trouble
            Diagnostics.once(
                "email:" + name + ":rejected",
                "email sink '"
                    + name
                    + "': "
                    + f.getMessage()
                    + "; the mail is dropped (said once)",
                f);
            done(batch, true);
            return;
          case PAUSE:
            say(
                "pause",
                f.getMessage()
                    + "; no mail is sent for "
                    + Text.duration(Duration.ofNanos(pauseNanos))
                    + ", mails meanwhile are dropped",
                f);
            paused = true;
            pausedUntil = System.nanoTime() + pauseNanos;
            done(batch, false);
            return;
          default:
            say(
                "retry",
                f.getMessage()
                    + "; mails wait (at most "
                    + CAPACITY
                    + ") and are retried, at longest every "
                    + Text.duration(Duration.ofNanos(maxBackoffNanos)),
                f);
            if (lastTry) {
              done(batch, false);
              return;
            }
            waitToRetry(backoff, batch);
            backoff = Math.min(maxBackoffNanos, backoff * 2);
        }
      }
    }
  }

  /**
   * Waits {@code nanos} before a retry (less when the outbox closes meanwhile), taking the mails
   * that come meanwhile into {@code batch} when digests are on.
   */
  private void waitToRetry(long nanos, List<Mail> batch) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!closing && left > 0) {
        left = changed.awaitNanos(left);
      }
      if (digestNanos > 0) {
        take(batch, MAX_BATCH);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends {@code batch}: sent (or refused by the server), or dropped and counted. */
  private void done(List<Mail> batch, boolean sent) {
    lock.lock();
    try {
      inFlight -= batch.size();
      if (!sent) {
        dropped += batch.size();
      }
    } finally {
      lock.unlock();
    }
  }

  /** One line for a spell of trouble, said once. */
  private void say(String what, String message, Throwable cause) {
    troubled = true;
    Diagnostics.once(
        "email:" + name + ":" + what + ":" + trouble,
        "email sink '" + name + "': " + message,
        cause);
  }

  /** After a spell of trouble, a mail went: one line, with what was dropped meanwhile. */
  private void recovered(int mails) {
    if (!troubled) {
      return;
    }
    int lost;
    lock.lock();
    try {
      lost = dropped;
      dropped = 0;
    } finally {
      lock.unlock();
    }
    Diagnostics.once(
        "email:" + name + ":recovered:" + trouble,
        "email sink '"
            + name
            + "': "
            + server
            + " takes mail again ("
            + mails
            + " sent late"
            + (lost > 0 ? ", " + lost + " dropped meanwhile" : "")
            + ")");
    troubled = false;
    trouble++;
  }
}
