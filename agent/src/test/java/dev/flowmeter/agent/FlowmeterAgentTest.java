// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class FlowmeterAgentTest {
  private static final String KEY = "flowmeter.agent.debug";

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream previous;

  @BeforeEach
  void captureStandardError() {
    previous = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(previous);
    System.clearProperty(KEY);
  }

  @Test
  void flag_trueOrFalseInAnyCaseTrimmed_isTakenSilently() {
    assertThat(flag(" TRUE ")).isTrue();
    assertThat(flag("True")).isTrue();
    assertThat(flag("false\t")).isFalse();
    assertThat(flag(null)).isFalse();
    assertThat(printed()).isEmpty();
  }

  @Test
  void flag_anyOtherWord_isOneLineAndTheDefault() {
    for (String value : new String[] {"maybe", "yes", "on", "1", ""}) {
      assertThat(flag(value)).as(value).isFalse();
    }
    assertThat(printed().split("\n"))
        .containsExactly(line("maybe"), line("yes"), line("on"), line("1"), line(""));
  }

  @Test
  void exiting_whileRunning_isFalse() {
    assertThat(FlowmeterAgent.exiting()).isFalse();
  }

  private static boolean flag(String value) {
    if (value == null) {
      System.clearProperty(KEY);
    } else {
      System.setProperty(KEY, value);
    }
    return FlowmeterAgent.flag(KEY, false);
  }

  private static String line(String value) {
    return "flowmeter-agent: "
        + KEY
        + ": '"
        + value
        + "' is not a boolean (accepted: true, false); using false";
  }

  private String printed() {
    return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n").strip();
  }
}
