// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

final class NotificationTextTest {
  @Test
  void completed_namesSizeTimeAndSpeed() {
    Notification n = NotificationText.of(Events.completed(7, "backup.tar"));

    assertThat(n.summary()).isEqualTo("Download finished");
    assertThat(n.lines()).containsExactly("backup.tar", "3.0 MiB in 3.0 s (1.0 MiB/s)");
    assertThat(n.transferId()).isEqualTo(7);
    assertThat(n.isFailure()).isFalse();
  }

  @Test
  void failed_givesTheErrorText() {
    Notification n =
        NotificationText.of(Events.failed(7, "backup.tar", "Connection reset by peer"));

    assertThat(n.summary()).isEqualTo("Download failed");
    assertThat(n.lines())
        .containsExactly(
            "backup.tar", "1.0 MiB of 3.0 MiB, failed after 3.0 s", "Connection reset by peer");
    assertThat(n.isFailure()).isTrue();
  }

  @Test
  void startedAndCancelled_sayWhatHappened() {
    assertThat(NotificationText.of(Events.started(1, "a.iso")).summary())
        .isEqualTo("Download started");
    assertThat(NotificationText.of(Events.started(1, "a.iso")).lines())
        .containsExactly("a.iso", "3.0 MiB");
    ProgressEvent cancelled =
        Events.base(1, "a.iso", Status.CANCELLED).bytes(10).error("JVM shutting down").build();
    assertThat(NotificationText.of(cancelled).summary()).isEqualTo("Download cancelled");
    assertThat(NotificationText.of(cancelled).lines())
        .containsExactly("a.iso", "10 B, cancelled after 3.0 s", "JVM shutting down");
  }

  @Test
  void usersOperationWord_isCapitalised() {
    ProgressEvent e = Events.base(1, "db", Status.COMPLETED).operation("backup").build();
    assertThat(NotificationText.summary(e)).isEqualTo("Backup finished");
  }

  @Test
  void hostileName_controlCharactersAndBidiAreReplaced_oneLine() {
    String name = "a\nb\u001b[31mred\u202Egnp.exe\u0007";
    Notification n = NotificationText.of(Events.completed(1, name));

    assertThat(n.lines().get(0)).isEqualTo("a?b?red?gnp.exe?");
    assertThat(String.join("", n.lines())).doesNotContain("\n", "\u001b", "\u202E", "\u0007");
  }

  @Test
  void hostileName_tenKilobytes_isCutInTheMiddle() {
    String name = "start-" + "x".repeat(10_000) + ".zip";
    String shown = NotificationText.of(Events.completed(1, name)).lines().get(0);

    assertThat(shown.codePointCount(0, shown.length())).isEqualTo(NotificationText.MAX_NAME);
    assertThat(shown).startsWith("start-").endsWith(".zip").contains("\u2026");
  }

  @Test
  void hostileName_loneSurrogates_becomeQuestionMarksAsInEverySink() {
    String name = "a\uD800b\uDC00c\uD83D\uDE00"; // lone high, lone low, then a real pair (an emoji)
    String shown = NotificationText.plain(name, 100);

    assertThat(shown).isEqualTo("a?b?c\uD83D\uDE00").isEqualTo(Text.sanitize(name));
    assertThat(
            new String(
                shown.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(shown);
  }

  @Test
  void markup_escapesTagsAndEntities() {
    assertThat(NotificationText.markup("<img src=x onerror=alert(1)> & <b>\"'"))
        .isEqualTo("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;\"'");
  }

  @Test
  void appleScript_quotesAndBackslashesCannotEndTheLiteral() {
    assertThat(NotificationText.appleScript("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd?\"");
  }

  @Test
  void osascriptCommand_isOneScriptArgument_noShell() {
    Notification n =
        NotificationText.of(Events.completed(1, "x\" & (do shell script \"rm -rf ~\") & \""));

    List<String> command = OsascriptNotifier.command("Flowmeter", n);

    assertThat(command).hasSize(3).startsWith("osascript", "-e");
    assertThat(command.get(2))
        .isEqualTo(
            "display notification \"x\\\" & (do shell script \\\"rm -rf ~\\\") & \\\"\\n3.0 MiB"
                + " in 3.0 s (1.0 MiB/s)\" with title \"Flowmeter\" subtitle \"Download finished\"");
  }

  @Test
  void digest_countsOutcomesAndNamesTheFirstFive() {
    List<ProgressEvent> ended =
        List.of(
            Events.completed(1, "a"),
            Events.completed(2, "b"),
            Events.failed(3, "c", "boom"),
            Events.completed(4, "d"),
            Events.completed(5, "e"),
            Events.completed(6, "f"),
            Events.completed(7, "g"));

    Notification n = NotificationText.digest(ended, 5);

    assertThat(n.summary()).isEqualTo("7 transfers ended: 6 finished, 1 failed");
    assertThat(n.lines())
        .containsExactly(
            "a: finished", "b: finished", "c: failed", "d: finished", "e: finished", "and 2 more");
    assertThat(n.isFailure()).isTrue();
  }
}
