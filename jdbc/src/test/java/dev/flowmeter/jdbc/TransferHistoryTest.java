// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link TransferHistory#printable}: what the history shows of a value another program wrote. */
final class TransferHistoryTest {
  @Test
  void printable_showsControlsBidiControlsAndLoneSurrogates_asQuestionMarks() {
    assertThat(TransferHistory.printable("a\u001b[2Jb\r\nc", 80)).isEqualTo("a?b??c");
    assertThat(TransferHistory.printable("invoice\u202Efdp.exe", 80)).isEqualTo("invoice?fdp.exe");
    assertThat(TransferHistory.printable("\u2066\u2069\u200E\u200F\u061C", 80)).isEqualTo("?????");
    assertThat(TransferHistory.printable("x\udc00y\ud800", 80)).isEqualTo("x?y?");
    assertThat(TransferHistory.printable("caf\u00e9 \ud83d\ude00", 80))
        .isEqualTo("caf\u00e9 \ud83d\ude00");
  }

  @Test
  void printable_cutsToMax_neverInsideAPair() {
    assertThat(TransferHistory.printable("abcdef", 4)).isEqualTo("abc\u2026");
    assertThat(TransferHistory.printable("ab\ud83d\ude00cd", 4)).isEqualTo("ab\u2026");
    assertThat(TransferHistory.printable("abcd", 4)).isEqualTo("abcd");
    assertThatThrownBy(() -> TransferHistory.printable("a", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
