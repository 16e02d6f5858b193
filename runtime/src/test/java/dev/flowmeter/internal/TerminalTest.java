// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code COLUMNS} is a width only from 1 to 10,000; anything else is taken as not set. */
final class TerminalTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Diagnostics.redirect(System.err);
    Diagnostics.reset();
  }

  @Test
  void columns_inRange_used() {
    assertThat(Terminal.columns("120", 80)).isEqualTo(120);
    assertThat(Terminal.columns(" 10000 ", 80)).isEqualTo(10_000);
    assertThat(Terminal.columns(null, 80)).isEqualTo(80);
    assertThat(Terminal.columns("", 80)).isEqualTo(80);
    assertThat(err.size()).isZero();
  }

  /** {@code COLUMNS=2000000000} made the console build lines of two billion characters. */
  @Test
  void columns_outOfRange_fallback_saidOnce() {
    assertThat(Terminal.columns("2000000000", 80)).isEqualTo(80);
    assertThat(Terminal.columns("2000000000", 80)).isEqualTo(80);
    assertThat(Terminal.columns("0", 80)).isEqualTo(80);
    assertThat(Terminal.columns("wide", 80)).isEqualTo(80);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "flowmeter: COLUMNS: '2000000000' is not a width from 1 to 10000 columns; using 80"
                + System.lineSeparator());
  }
}
