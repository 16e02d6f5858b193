// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class AgentArgumentsTest {
  @Test
  void parse_splitsOnSemicolonsAndTheFirstEquals() {
    List<String[]> entries = AgentArguments.parse("flowmeter.sinks=csv:a=b.csv; x.y = 2 ;");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).containsExactly("flowmeter.sinks", "csv:a=b.csv");
    assertThat(entries.get(1)).containsExactly("x.y", "2");
  }

  @Test
  void parse_methodsInclude_keepsItsOwnSemicolons() {
    List<String[]> entries =
        AgentArguments.parse("flowmeter.methods.include=a.B[m];c.D[n];flowmeter.sinks=none");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).containsExactly("flowmeter.methods.include", "a.B[m];c.D[n]");
    assertThat(entries.get(1)).containsExactly("flowmeter.sinks", "none");
  }

  @Test
  void parse_emptyOrNull_isNothing() {
    assertThat(AgentArguments.parse(null)).isEmpty();
    assertThat(AgentArguments.parse("  ")).isEmpty();
  }

  @Test
  void parse_entryWithoutEquals_namesItAndTheAcceptedForm() {
    assertThatThrownBy(() -> AgentArguments.parse("flowmeter.sinks=console;oops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'oops'")
        .hasMessageContaining("key=value;key=value");
  }

  @Test
  void undo_restoresThePropertiesAsTheyWere() {
    System.setProperty("flowmeter.test.kept", "before");
    AgentArguments applied =
        AgentArguments.apply("flowmeter.test.kept=after;flowmeter.test.fresh=new");
    assertThat(System.getProperty("flowmeter.test.kept")).isEqualTo("after");
    assertThat(System.getProperty("flowmeter.test.fresh")).isEqualTo("new");
    applied.undo();
    assertThat(System.getProperty("flowmeter.test.kept")).isEqualTo("before");
    assertThat(System.getProperty("flowmeter.test.fresh")).isNull();
    System.clearProperty("flowmeter.test.kept");
  }
}
