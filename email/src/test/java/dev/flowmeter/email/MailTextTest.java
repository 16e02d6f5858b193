// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MailTextTest {
  static final String INJECTION = "report.pdf\r\nBcc: victim@example.com\r\n\r\nbody";
  static final List<String> HOSTILE =
      List.of(
          INJECTION,
          "bell\u0007\u001b[31mred\u001b[0m\u009bJ",
          "<img src=x onerror=alert(1)>",
          "right\u202eexe.txt",
          "lone \ud800 high and \udc00 low",
          "x".repeat(10 * 1024));

  @Test
  void hostileNames_giveOneLineSubjects_withoutControlCharacters() {
    for (String name : HOSTILE) {
      ProgressEvent event = new Events(1, name, 100).completed(3);
      Mail mail = MailText.end(event);

      assertThat(mail.subject()).doesNotContain("\r", "\n", "\u001b", "\u202e", "\u0007");
      assertThat(mail.subject().codePointCount(0, mail.subject().length()))
          .isLessThanOrEqualTo(MailText.PREFIX.length() + 40 + MailText.MAX_SUBJECT);
      // no lone surrogate: the subject survives UTF-8 as it is
      assertThat(new String(mail.subject().getBytes(UTF_8), UTF_8)).isEqualTo(mail.subject());
      for (String line : mail.body().split("\n")) {
        assertThat(line).doesNotContain("\r", "\u001b", "\u202e").hasSizeLessThan(600);
        assertThat(line).doesNotStartWith("Bcc:");
      }
    }
  }

  @Test
  void longName_isCutInItsMiddle_keepingItsExtension() {
    String name = "a".repeat(300) + ".tar.gz";
    Mail mail = MailText.end(new Events(1, name, 100).completed(1));

    assertThat(mail.summary()).contains("\u2026").contains("a.tar.gz (100 B in 1.0 s)");
  }

  @Test
  void loneSurrogates_becomeQuestionMarks_pairsStay() {
    assertThat(MailText.safe("a\ud800b\udc00c\ud83d\ude00", 100)).isEqualTo("a?b?c\ud83d\ude00");
  }

  @Test
  void completionMail_saysDurationAndAverageSpeed() {
    Mail mail = MailText.end(new Events(1, "big.iso", 3L << 30).completed(185));

    assertThat(mail.subject()).isEqualTo("[flowmeter] copy completed: big.iso (3.0 GiB in 3m 05s)");
    assertThat(mail.body())
        .contains("Status:     completed\n")
        .contains("Progress:   100% (3.0 GiB of 3.0 GiB)\n")
        .contains("Duration:   3m 05s\n")
        .contains("Average:    16.6 MiB/s\n");
  }

  @Test
  void digest_countsAndListsEveryMail() {
    Mail a = MailText.end(new Events(1, "a.bin", 10).completed(1));
    Mail b = MailText.end(new Events(2, "b.bin", 10).failed(5, 1, "Connection reset"));
    Mail c = MailText.milestone(new Events(3, "c.bin", 10).progress(5, 1), 50);

    Mail digest = MailText.digest(List.of(a, b, c));

    assertThat(digest.subject())
        .isEqualTo("[flowmeter] 3 updates: 1 milestone, 1 completed, 1 failed");
    assertThat(digest.body())
        .contains("- copy completed: a.bin (10 B in 1.0 s)\n")
        .contains("- copy FAILED: b.bin\n  error: Connection reset\n")
        .contains("- copy 50%: c.bin\n");
  }
}
