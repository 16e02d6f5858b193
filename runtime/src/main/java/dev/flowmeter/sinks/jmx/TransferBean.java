// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.Percent;

/**
 * A {@link TransferMXBean} showing the latest event the sink's thread gave it; read from any JMX
 * thread (the event is immutable and published through a volatile field).
 */
final class TransferBean implements TransferMXBean {
  static final String CANCEL_REASON = "cancelled through JMX";

  private final LiveTransfers transfers;
  private volatile ProgressEvent latest;

  TransferBean(ProgressEvent first, LiveTransfers transfers) {
    this.latest = first;
    this.transfers = transfers;
  }

  void update(ProgressEvent event) {
    latest = event;
  }

  ProgressEvent latest() {
    return latest;
  }

  @Override
  public long getId() {
    return latest.transferId();
  }

  @Override
  public long getParentId() {
    return latest.parentId();
  }

  @Override
  public String getName() {
    return latest.name();
  }

  @Override
  public String getOperation() {
    return latest.operation();
  }

  @Override
  public String getUnit() {
    return latest.unit().name();
  }

  @Override
  public long getBytes() {
    return latest.bytes();
  }

  @Override
  public long getTotalBytes() {
    return latest.totalBytes();
  }

  @Override
  public double getPercentage() {
    long tenths = Percent.floor(latest, 10);
    return tenths < 0 ? -1 : tenths / 10.0;
  }

  @Override
  public double getSpeedBytesPerSecond() {
    return latest.speed();
  }

  @Override
  public double getEtaSeconds() {
    return latest.eta().map(eta -> eta.toMillis() / 1000.0).orElse(-1.0);
  }

  @Override
  public String getStatus() {
    return latest.status().word();
  }

  @Override
  public String getError() {
    return latest.error().orElse("");
  }

  @Override
  public String getStartTime() {
    return latest.startTime().toString();
  }

  @Override
  public boolean cancel() {
    return transfers.cancel(latest.transferId(), CANCEL_REASON);
  }
}
