// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

/**
 * One transfer as the {@code jmx} sink shows it, registered as {@code
 * dev.flowmeter:type=Transfer,id=<id>} while it runs and for the sink's {@code retention} after it
 * ended.
 *
 * <p>The attributes are those of the latest event the sink received (at most one sink interval old
 * while the transfer runs, its final figures once it ended). Counts are in the transfer's {@link
 * #getUnit() unit}, bytes unless the application counts something else.
 */
public interface TransferMXBean {
  /** The transfer's id, unique within the JVM; also the {@code id} key of the bean's name. */
  long getId();

  /** The id of the transfer's parent (a stage, a file group), or 0 when it has none. */
  long getParentId();

  /** The transfer's name (a file name, a URL, the application's label), exactly as given. */
  String getName();

  /**
   * {@code read}, {@code write}, {@code upload}, {@code download}, {@code copy}, or the
   * application's word.
   */
  String getOperation();

  /**
   * What the counts count: {@code bytes}, {@code chars}, {@code items}, or the application's own.
   */
  String getUnit();

  /** The count moved so far. */
  long getBytes();

  /** The total count, or -1 when unknown. */
  long getTotalBytes();

  /** The share done in percent with one decimal, rounded down; -1 when unknown. */
  double getPercentage();

  /** The current speed in units per second, smoothed. */
  double getSpeedBytesPerSecond();

  /** The estimated seconds to completion, or -1 when unknown (no total, or nothing moving). */
  double getEtaSeconds();

  /**
   * {@code pending}, {@code starting}, {@code in_progress}, {@code saving}, {@code completed},
   * {@code failed} or {@code cancelled}.
   */
  String getStatus();

  /** The error of a failed transfer or the reason of a cancelled one; empty otherwise. */
  String getError();

  /** When the transfer started, in ISO-8601 (UTC). */
  String getStartTime();

  /**
   * Cancels the transfer and its children, as {@link dev.flowmeter.Transfer#cancel(String)} does:
   * the next read or write of its stream throws. Returns whether this call ended it (false when it
   * had ended already).
   */
  boolean cancel();
}
