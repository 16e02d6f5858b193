// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class StatusWordsTest {
  private static ProgressEvent lifecycle(Status status) {
    return event(1, "a", status, true, 0, 10, 0).build();
  }

  private static ProgressEvent snapshot(Status status) {
    return event(1, "a", status, false, 0, 10, 0).build();
  }

  /** The words of the lifecycle events of every status, in the order of {@link Status}. */
  private static List<@Nullable String> lifecycleWords(StatusWords words) {
    List<@Nullable String> list = new ArrayList<>();
    for (Status status : Status.values()) {
      list.add(words.word(lifecycle(status)));
    }
    return list;
  }

  @Test
  void flowmeter_isStatusWord_forLifecycleEventsAndSnapshotsAlike() {
    for (Status status : Status.values()) {
      assertThat(StatusWords.FLOWMETER.word(status)).isEqualTo(status.word());
      assertThat(StatusWords.FLOWMETER.word(lifecycle(status))).isEqualTo(status.word());
      assertThat(StatusWords.FLOWMETER.word(snapshot(status))).isEqualTo(status.word());
    }
  }

  @Test
  void callback_saysErrorForFailed_progressForSnapshots_andNothingForPending() {
    assertThat(lifecycleWords(StatusWords.CALLBACK))
        .containsExactly(null, "starting", "progress", "saving", "completed", "error", "cancelled");
    assertThat(StatusWords.CALLBACK.word(snapshot(Status.STARTING))).isEqualTo("progress");
    assertThat(StatusWords.CALLBACK.word(snapshot(Status.IN_PROGRESS))).isEqualTo("progress");
    assertThat(StatusWords.CALLBACK.word(Status.FAILED)).isEqualTo("error");
  }

  @Test
  void download_saysDownloadingAndProcessing() {
    assertThat(lifecycleWords(StatusWords.DOWNLOAD))
        .containsExactly(
            "pending",
            "downloading",
            "downloading",
            "processing",
            "completed",
            "failed",
            "cancelled");
  }

  @Test
  void with_replacesOneWord_inANewVocabulary() {
    StatusWords upload =
        StatusWords.CALLBACK.with(Status.PENDING, "queued").with(Status.IN_PROGRESS, "uploading");

    assertThat(lifecycleWords(upload))
        .containsExactly(
            "queued", "starting", "uploading", "saving", "completed", "error", "cancelled");
    assertThat(upload.word(snapshot(Status.IN_PROGRESS))).isEqualTo("uploading");
    assertThat(StatusWords.CALLBACK.word(Status.PENDING)).isNull(); // unchanged
  }

  @Test
  void with_nullWord_meansNotWritten_andABlankWordIsRefused() {
    assertThat(StatusWords.FLOWMETER.with(Status.SAVING, null).word(Status.SAVING)).isNull();
    assertThatThrownBy(() -> StatusWords.FLOWMETER.with(Status.SAVING, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_listsEveryWord() {
    assertThat(StatusWords.CALLBACK.toString())
        .isEqualTo(
            "{pending=-, starting=starting/progress, in_progress=progress, saving=saving,"
                + " completed=completed, failed=error, cancelled=cancelled}");
  }

  @Test
  void progressApi_namesARunningTransferByItsOperation() {
    assertThat(StatusWords.progressApi("download").word(Status.IN_PROGRESS))
        .isEqualTo("downloading");
    assertThat(StatusWords.progressApi("upload").word(Status.STARTING)).isEqualTo("uploading");
    assertThat(StatusWords.progressApi("copy").word(Status.IN_PROGRESS)).isEqualTo("transferring");
    for (String operation : List.of("download", "upload", "read")) {
      StatusWords words = StatusWords.progressApi(operation);
      assertThat(words.word(Status.PENDING)).isEqualTo("pending");
      assertThat(words.word(Status.SAVING)).isEqualTo("processing");
      assertThat(words.word(Status.COMPLETED)).isEqualTo("completed");
      assertThat(words.word(Status.FAILED)).isEqualTo("failed");
      assertThat(words.word(Status.CANCELLED)).isEqualTo("cancelled");
    }
  }
}
