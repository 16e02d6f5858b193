// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.CapturedDiagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code COLUMNS} is a width only from 1 to 10,000; anything else is taken as not set. */
final class TerminalTest {
  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();

  @Test
  void columns_inRange_used() {
    assertThat(Terminal.columns("120", 80)).isEqualTo(120);
    assertThat(Terminal.columns(" 10000 ", 80)).isEqualTo(10_000);
    assertThat(Terminal.columns(null, 80)).isEqualTo(80);
    assertThat(Terminal.columns("", 80)).isEqualTo(80);
    assertThat(said.lines()).isEmpty();
  }

  /** {@code COLUMNS=2000000000} made the console build lines of two billion characters. */
  @Test
  void columns_outOfRange_fallback_saidOnce() {
    assertThat(Terminal.columns("2000000000", 80)).isEqualTo(80);
    assertThat(Terminal.columns("2000000000", 80)).isEqualTo(80);
    assertThat(Terminal.columns("0", 80)).isEqualTo(80);
    assertThat(Terminal.columns("wide", 80)).isEqualTo(80);
    assertThat(said.lines())
        .containsExactly(
            "flowmeter: COLUMNS: '2000000000' is not a width from 1 to 10000 columns; using 80");
  }

  @Test
  void sttySize_rowsThenColumns() {
    assertThat(Terminal.parseSize("24 80\n")).containsExactly(80, 24);
    assertThat(Terminal.parseSize("50 200")).containsExactly(200, 50);
    assertThat(Terminal.parseSize("0 0")).as("a terminal that does not know its size").isNull();
    assertThat(Terminal.parseSize("")).isNull();
    assertThat(Terminal.parseSize("stty: not a tty")).isNull();
  }

  @Test
  void terminalDevices_ptsTtyAndConsole_notFilesOrPipes() {
    assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/console")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    assertThat(Terminal.isTerminalDevice("pipe:[123]")).isFalse();
    assertThat(Terminal.isTerminalDevice("/tmp/log.txt")).isFalse();
  }

  /** The test JVM's streams are pipes to the build: never a terminal, whichever is asked. */
  @Test
  void standardStreams_ofTheTestJvm_areNotTerminals() {
    assertThat(Terminal.isTerminal(Terminal.STDOUT)).isFalse();
    assertThat(Terminal.isTerminal(Terminal.STDERR)).isFalse();
  }

  @Test
  void lines_outOfRange_fallbackToTheTerminalsOwn_saidOnce() {
    assertThat(Terminal.rows("40", -1)).isEqualTo(40);
    assertThat(Terminal.rows("-3", -1)).isEqualTo(-1);
    assertThat(said.lines())
        .containsExactly(
            "flowmeter: LINES: '-3' is not a height from 1 to 10000 rows; using the terminal's own"
                + " height");
  }

  @Test
  void ci_setAndNotFalse_noColour_setAndNotEmpty() {
    assertThat(Terminal.isCi("true")).isTrue();
    assertThat(Terminal.isCi("1")).isTrue();
    assertThat(Terminal.isCi(null)).isFalse();
    assertThat(Terminal.isCi("")).isFalse();
    assertThat(Terminal.isCi("false")).isFalse();
    assertThat(Terminal.isCi("0")).isFalse();
    assertThat(Terminal.colourAllowed(null)).isTrue();
    assertThat(Terminal.colourAllowed("")).isTrue();
    assertThat(Terminal.colourAllowed("1")).isFalse();
  }
}
