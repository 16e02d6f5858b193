// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.sink.ProgressSink;
import java.util.List;

/**
 * Where a {@link SinkDispatcher} delivers, on its own thread: a sink, a global listener, or the
 * listeners of single transfers ({@link TransferListenerSink}).
 */
interface DeliveryTarget {
  /**
   * Delivers {@code event}; {@code listeners} are its transfer's own listeners for the {@link
   * TransferListenerSink}, and empty for every other target.
   */
  void deliver(ProgressEvent event, List<ProgressListener> listeners) throws Exception;

  default void flush() throws Exception {}

  default void close() throws Exception {}

  static DeliveryTarget of(ProgressSink sink) {
    return new SinkTarget(sink);
  }

  /** A sink behind its dispatcher. */
  final class SinkTarget implements DeliveryTarget {
    final ProgressSink sink;

    SinkTarget(ProgressSink sink) {
      this.sink = sink;
    }

    @Override
    public void deliver(ProgressEvent event, List<ProgressListener> listeners) {
      sink.onEvent(event);
    }

    @Override
    public void flush() throws Exception {
      sink.flush();
    }

    @Override
    public void close() throws Exception {
      sink.close();
    }
  }
}
