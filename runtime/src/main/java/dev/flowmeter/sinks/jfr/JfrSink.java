// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.jspecify.annotations.Nullable;

/**
 * Turns transfers into JDK Flight Recorder events; see {@link JfrSinkProvider}.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}); the progress hook runs on
 * JFR's periodic thread and reads only {@link LiveTransfers}, which any thread may read.
 */
final class JfrSink implements ProgressSink {
  /*
   * Design notes
   *
   * Cost while nothing records: JFR's Java side starts the first time an event class is used (a
   * third of a second of one core and some 8 MiB, measured on JDK 17), so this sink touches
   * neither event class until JFR has started anyway: a listener (cheap to add) says when the
   * first recording starts (-XX:StartFlightRecording, jcmd JFR.start, JMC), and until then
   * onEvent returns at once. From then on each lifecycle event asks the event type whether a
   * recording enables it before anything is built.
   *
   * Progress: a periodic event, so a recording's own `period` setting paces it and nothing is
   * emitted between recordings; its hook is registered by this sink's thread on the first event
   * after JFR started (registering from JFR's listener callback would take JFR's locks in an
   * order JFR does not expect), and reads the tracker's snapshots of that moment.
   *
   * Exit: JFR writes a -XX:StartFlightRecording=filename=... recording from its own shutdown
   * hook, which runs side by side with Flowmeter's (the JVM starts all hooks at once, in no
   * order), so transfers that ended just before the exit and still wait on this sink's dispatch
   * were missing from the file (measured on JDK 17 under load: 4,006 to 10,000 of a 10,000
   * transfer burst). JFR calls the hooks of endChunk periodic events while ending a recording,
   * before writing it, on the thread ending it: ExitFlushEvent's hook, when the JVM is exiting,
   * holds that thread until Flowmeter's hook has delivered everything to this sink and closed it,
   * at most EXIT_WAIT. Events committed meanwhile go to thread-local buffers (no lock JFR holds
   * there), so they land in the file. Ends arriving after the recording was written are counted
   * and said in one line at close.
   */
  /** How long a recording's end at JVM exit waits for this sink; beyond, the exit goes on. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final LiveTransfers transfers;
  private final FlightRecorderListener listener;
  private final Runnable progressHook = this::emitProgress;
  private final Runnable exitHook = this::awaitDelivered;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<Long, TransferEvent> begun = new HashMap<>();
  private volatile boolean recorderStarted;
  private @Nullable EventType transferType; // set on this sink's thread once JFR started
  private volatile boolean writtenAtExit; // a recording was written at exit, unfinished
  private long unrecorded; // transfer ends that came after that

  private JfrSink(LiveTransfers transfers) {
    this.transfers = transfers;
    this.listener =
        new FlightRecorderListener() {
          @Override
          public void recorderInitialized(FlightRecorder recorder) {
            recorderStarted = true;
          }
        };
  }

  /**
   * A sink reading progress from {@code transfers}, listening for JFR's start.
   *
   * @throws IOException when JFR is switched off in this JVM
   */
  static JfrSink create(LiveTransfers transfers) throws IOException {
    if (!FlightRecorder.isAvailable()) {
      throw new IOException("JDK Flight Recorder is not available in this JVM");
    }
    JfrSink sink = new JfrSink(transfers);
    FlightRecorder.addListener(sink.listener); // calls back at once when JFR runs already
    return sink;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    if (!event.isLifecycle() || !recorderStarted) {
      return;
    }
    if (writtenAtExit) {
      if (event.isFinal()) {
        unrecorded++;
      }
      return;
    }
    EventType type = transferType;
    if (type == null) {
      type = EventType.getEventType(TransferEvent.class);
      transferType = type;
      FlightRecorder.addPeriodicEvent(TransferProgressEvent.class, progressHook);
      FlightRecorder.addPeriodicEvent(ExitFlushEvent.class, exitHook);
    }
    if (event.isFinal()) {
      end(type, event);
    } else if (event.status() != Status.PENDING && type.isEnabled()) {
      begun.computeIfAbsent(event.transferId(), id -> begin());
    }
  }

  private static TransferEvent begin() {
    TransferEvent started = new TransferEvent();
    started.begin();
    return started;
  }

  private void end(EventType type, ProgressEvent event) {
    TransferEvent ended = begun.remove(event.transferId());
    if (ended == null) {
      if (!type.isEnabled()) {
        return;
      }
      ended = new TransferEvent(); // started before the recording: see TransferEvent
    }
    ended.end();
    if (ended.shouldCommit()) {
      ended.fill(event);
      ended.commit();
    }
  }

  /** JFR's periodic hook: one progress event per running transfer. */
  private void emitProgress() {
    for (ProgressEvent snapshot : transfers.all()) {
      Status status = snapshot.status();
      if (status.isFinal() || status == Status.PENDING) {
        continue;
      }
      TransferProgressEvent progress = new TransferProgressEvent();
      if (!progress.shouldCommit()) {
        return;
      }
      progress.fill(snapshot);
      progress.commit();
    }
  }

  /**
   * JFR's hook at a recording's end: at JVM exit, while a recording wants transfer events, waits
   * until this sink is closed (every event delivered), at most {@link #EXIT_WAIT}.
   */
  private void awaitDelivered() {
    EventType type = transferType;
    if (closed.getCount() == 0 || type == null || !type.isEnabled() || !jvmExiting()) {
      return;
    }
    ExitFlushEvent flush = new ExitFlushEvent();
    flush.begin();
    boolean complete;
    try {
      complete = closed.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      complete = false;
    }
    writtenAtExit = !complete;
    flush.end();
    flush.complete = complete;
    flush.commit();
  }

  /** Whether the JVM has begun to exit (no shutdown hook can be added any more). */
  private static boolean jvmExiting() {
    Thread probe = new Thread(() -> {}, "flowmeter-jfr-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    } catch (SecurityException e) {
      return false;
    }
  }

  /**
   * Lets a recording's end at exit go on, stops listening and removes the hooks; transfers still
   * open get no event. Says in one line how many transfer ends came after a recording was written
   * at exit.
   */
  @Override
  public void close() {
    closed.countDown();
    if (unrecorded > 0) {
      Diagnostics.once(
          "jfr:exit",
          "jfr: the recording was written at exit after waiting "
              + EXIT_WAIT.toSeconds()
              + " s for the jfr sink; "
              + unrecorded
              + " transfer(s) that ended before the exit are not in it");
    }
    FlightRecorder.removeListener(listener);
    if (transferType != null) {
      FlightRecorder.removePeriodicEvent(progressHook);
      FlightRecorder.removePeriodicEvent(exitHook);
    }
    begun.clear();
  }
}
