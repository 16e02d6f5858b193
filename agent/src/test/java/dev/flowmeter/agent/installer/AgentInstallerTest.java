// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AgentInstallerTest {
  /**
   * During the JVM's shutdown {@code getAllLoadedClasses()} returns {@code null} (issue 9): the
   * installer stops with an exception that says why, not a {@code NullPointerException}, and leaves
   * no transformer behind.
   */
  @Test
  void instrument_jvmExiting_stopsAndRemovesItsTransformer() {
    List<String> calls = new ArrayList<>();
    Instrumentation exiting =
        (Instrumentation)
            Proxy.newProxyInstance(
                Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                  calls.add(method.getName());
                  return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });

    assertThatThrownBy(() -> AgentInstaller.instrument(exiting, List.of(), false, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the JVM is exiting");
    assertThat(calls).containsExactly("addTransformer", "getAllLoadedClasses", "removeTransformer");
  }
}
