// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
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
   */
  private final LiveTransfers transfers;
  private final FlightRecorderListener listener;
  private final Runnable progressHook = this::emitProgress;
  private final Map<Long, TransferEvent> begun = new HashMap<>();
  private volatile boolean recorderStarted;
  private @Nullable EventType transferType; // set on this sink's thread once JFR started

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
    EventType type = transferType;
    if (type == null) {
      type = EventType.getEventType(TransferEvent.class);
      transferType = type;
      FlightRecorder.addPeriodicEvent(TransferProgressEvent.class, progressHook);
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

  /** Stops listening and removes the progress hook; transfers still open get no event. */
  @Override
  public void close() {
    FlightRecorder.removeListener(listener);
    if (transferType != null) {
      FlightRecorder.removePeriodicEvent(progressHook);
    }
    begun.clear();
  }
}
