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
}
