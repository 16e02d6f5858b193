// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * Where a transfer is in its life.
 *
 * <p>A transfer moves forward only: {@code pending → starting → in_progress → saving →} one of the
 * three final statuses. It may skip any non-final status, and it reaches exactly one final status,
 * once.
 */
public enum Status {
  /** Created but not started yet, for example a file of a group that waits its turn. */
  PENDING("pending"),
  /** Started; no byte has moved yet. */
  STARTING("starting"),
  /** Bytes are moving. */
  IN_PROGRESS("in_progress"),
  /** Every byte has moved and the result is being stored (a server saving an upload). */
  SAVING("saving"),
  /** Ended normally. */
  COMPLETED("completed"),
  /** Ended with an error; {@link ProgressEvent#error()} says which. */
  FAILED("failed"),
  /** Ended because somebody asked it to stop, or because the JVM shut down. */
  CANCELLED("cancelled");

  private final String word;

  Status(String word) {
    this.word = word;
  }

  /** The lower-case word used in every output format, for example {@code "in_progress"}. */
  public String word() {
    return word;
  }

  /**
   * Whether this status ends the transfer: {@code completed}, {@code failed} or {@code cancelled}.
   */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * The status named by {@code word}, as {@link #word()} spells it.
   *
   * @throws IllegalArgumentException naming the accepted words when {@code word} is none of them
   */
  public static Status fromWord(String word) {
    for (Status status : values()) {
      if (status.word.equals(word)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown status '"
            + word
            + "' (accepted: pending, starting, in_progress, saving, completed, failed, cancelled)");
  }

  @Override
  public String toString() {
    return word;
  }
}
