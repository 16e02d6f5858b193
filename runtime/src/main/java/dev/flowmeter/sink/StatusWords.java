// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A vocabulary of status words: what a sink writes for each {@link Status}, in one place.
 *
 * <p>Flowmeter's own words are {@link Status#word()}. A sink that mirrors another system speaks
 * that system's words instead, and takes them from here rather than from a {@code switch} of its
 * own, so that a failed transfer is {@code error} in every CSV file and every test that reads one.
 * The built-in vocabularies are {@link #FLOWMETER}, {@link #CALLBACK} and {@link #DOWNLOAD}; {@link
 * #with(Status, String)} derives a vocabulary of your own from one of them.
 *
 * <p>A vocabulary may have no word for a status ({@code null}): events with that status are not
 * meant to be written at all, as the {@code csv} sink writes no row for a {@code pending} transfer.
 * It may also word a progress snapshot differently from the lifecycle event of the same status:
 * {@link #CALLBACK} says {@code starting} once, when the transfer starts, and {@code progress} for
 * every snapshot after it, even before the first byte moved.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StatusWords {
  private static final Status[] STATUSES = Status.values();

  /**
   * Flowmeter's own words, as {@link Status#word()} spells them: {@code pending}, {@code starting},
   * {@code in_progress}, {@code saving}, {@code completed}, {@code failed}, {@code cancelled}. The
   * {@code json} and {@code jsonl} sinks write these.
   */
  public static final StatusWords FLOWMETER = new StatusWords(Status::word);

  /**
   * The words of callback-style progress APIs (such as pCloud's SDK) and of the {@code csv} sink's
   * {@code status} column: {@code starting} for the start, {@code progress} for every snapshot
   * (including one taken before the first byte moved), {@code saving}, {@code completed}, {@code
   * error} for a failed transfer and {@code cancelled}; no word for {@code pending}.
   */
  public static final StatusWords CALLBACK =
      FLOWMETER
          .with(Status.PENDING, null)
          .with(Status.IN_PROGRESS, "progress")
          .with(Status.FAILED, "error")
          .withSnapshotWord(Status.STARTING, "progress");

  /**
   * The states of a download service's progress API: {@code pending}, {@code downloading} (started,
   * or moving bytes), {@code processing} (the bytes are done and the result is being stored),
   * {@code completed}, {@code failed}, {@code cancelled}.
   */
  public static final StatusWords DOWNLOAD =
      FLOWMETER
          .with(Status.STARTING, "downloading")
          .with(Status.IN_PROGRESS, "downloading")
          .with(Status.SAVING, "processing");

  private static final StatusWords UPLOAD =
      DOWNLOAD.with(Status.STARTING, "uploading").with(Status.IN_PROGRESS, "uploading");

  private static final StatusWords TRANSFER =
      DOWNLOAD.with(Status.STARTING, "transferring").with(Status.IN_PROGRESS, "transferring");

  /**
   * The states of a progress API (the {@code http} sink's) for a transfer of {@code operation}:
   * {@link #DOWNLOAD}'s words, where a running {@code upload} is {@code uploading} and a running
   * transfer of any other operation is {@code transferring} instead of {@code downloading}.
   */
  public static StatusWords progressApi(String operation) {
    switch (operation) {
      case "download":
        return DOWNLOAD;
      case "upload":
        return UPLOAD;
      default:
        return TRANSFER;
    }
  }

  /** The words of lifecycle events and of progress snapshots, by {@link Status#ordinal()}. */
  private final @Nullable String[] lifecycle;

  private final @Nullable String[] snapshot;

  private StatusWords(Function<Status, String> words) {
    this.lifecycle = new String[STATUSES.length];
    for (Status status : STATUSES) {
      lifecycle[status.ordinal()] = words.apply(status);
    }
    this.snapshot = lifecycle.clone();
  }

  private StatusWords(@Nullable String[] lifecycle, @Nullable String[] snapshot) {
    this.lifecycle = lifecycle;
    this.snapshot = snapshot;
  }

  /**
   * The word for {@code event}: the word of its status, as a lifecycle event or as a progress
   * snapshot; {@code null} when this vocabulary has no word for it and the event is not to be
   * written.
   */
  public @Nullable String word(ProgressEvent event) {
    int i = event.status().ordinal();
    return event.isLifecycle() ? lifecycle[i] : snapshot[i];
  }

  /**
   * The word for the lifecycle event of {@code status}, or {@code null} when this vocabulary has
   * none. For example {@code CALLBACK.word(Status.FAILED)} is {@code "error"}.
   */
  public @Nullable String word(Status status) {
    return lifecycle[status.ordinal()];
  }

  /**
   * A vocabulary like this one, except that {@code status} is called {@code word}, in lifecycle
   * events and snapshots alike; {@code null} means events with that status are not to be written.
   *
   * @throws IllegalArgumentException when {@code word} is empty or blank
   */
  public StatusWords with(Status status, @Nullable String word) {
    Objects.requireNonNull(status, "status");
    if (word != null && word.isBlank()) {
      throw new IllegalArgumentException("a status word must not be blank");
    }
    @Nullable String[] newLifecycle = lifecycle.clone();
    @Nullable String[] newSnapshot = snapshot.clone();
    newLifecycle[status.ordinal()] = word;
    newSnapshot[status.ordinal()] = word;
    return new StatusWords(newLifecycle, newSnapshot);
  }

  private StatusWords withSnapshotWord(Status status, String word) {
    @Nullable String[] newSnapshot = snapshot.clone();
    newSnapshot[status.ordinal()] = word;
    return new StatusWords(lifecycle, newSnapshot);
  }

  /**
   * Every word, for example {@code {pending=-, starting=starting/progress, in_progress=progress,
   * ...}}: {@code -} for no word, and the snapshot's word after a {@code /} where it differs.
   */
  @Override
  public String toString() {
    StringJoiner words = new StringJoiner(", ", "{", "}");
    for (Status status : STATUSES) {
      String word = lifecycle[status.ordinal()];
      String other = snapshot[status.ordinal()];
      words.add(
          status.word()
              + "="
              + (word == null ? "-" : word)
              + (Objects.equals(word, other) ? "" : "/" + (other == null ? "-" : other)));
    }
    return words.toString();
  }
}
