// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One row of the {@code transfers} table, as {@link TransferHistory} reads it.
 *
 * @param id the transfer's key in the database: the writing sink's run and the transfer's number in
 *     its JVM, as {@code mhz1k2ab7q-12}
 * @param name the file name, URL or label, as the application gave it (control characters included:
 *     make it safe for where you print it)
 * @param operation {@code read}, {@code write}, {@code upload}, {@code download}, {@code copy} or
 *     the application's own word
 * @param kind {@code transfer}, {@code operation}, {@code stage}, {@code group} or {@code file}
 * @param status Flowmeter's word for the last status written: {@code completed}, {@code failed},
 *     {@code cancelled} once ended, else {@code pending}, {@code starting}, {@code in_progress} or
 *     {@code saving}
 * @param startedAt when the transfer started
 * @param endedAt when it ended, or {@code null} while it had not when last written
 * @param updatedAt when its row was last written (the time of its last lifecycle event)
 * @param totalBytes the total count, or -1 when unknown
 * @param bytes the count moved as of {@code updatedAt}; the final count once ended
 * @param errorType the error's type, as the application's exception class, or {@code null}
 * @param errorMessage the error message of a failure or the reason of a cancel, or {@code null}
 * @param parentId the parent's {@code id} (an operation's stage, a group's file), or {@code null}
 * @param attributes the transfer's attributes as a JSON object of strings
 */
public record TransferRecord(
    String id,
    String name,
    String operation,
    String kind,
    String status,
    Instant startedAt,
    @Nullable Instant endedAt,
    Instant updatedAt,
    long totalBytes,
    long bytes,
    @Nullable String errorType,
    @Nullable String errorMessage,
    @Nullable String parentId,
    String attributes) {

  /** When it ended, if it had when last written. */
  public Optional<Instant> end() {
    return Optional.ofNullable(endedAt);
  }

  /** From its start to its end, or to {@link #updatedAt} while it has not ended. */
  public Duration duration() {
    return Duration.between(startedAt, endedAt != null ? endedAt : updatedAt);
  }

  /** {@link #bytes} per second over {@link #duration}; 0 for a transfer of no measurable time. */
  public double averageSpeed() {
    long millis = duration().toMillis();
    return millis <= 0 ? 0 : bytes * 1000.0 / millis;
  }
}
