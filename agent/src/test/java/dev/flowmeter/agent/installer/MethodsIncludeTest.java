// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import org.junit.jupiter.api.Test;

final class MethodsIncludeTest {
  @Test
  void parse_readsClassesAndMethods() {
    MethodsInclude include =
        MethodsInclude.parse("com.acme.Uploader[upload, send] ; com.acme.Client$Inner[download];");
    assertThat(include.methods).containsOnlyKeys("com/acme/Uploader", "com/acme/Client$Inner");
    assertThat(include.methods.get("com/acme/Uploader")).containsExactly("upload", "send");
    assertThat(include.methods.get("com/acme/Client$Inner")).containsExactly("download");
  }

  @Test
  void parse_blankIsEmpty() {
    assertThat(MethodsInclude.parse(" ").isEmpty()).isTrue();
  }

  @Test
  void parse_malformedNamesKeyValueAndGrammar() {
    assertThatThrownBy(() -> MethodsInclude.parse("com.acme.Uploader[upload"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.methods.include: 'com.acme.Uploader[upload'")
        .hasMessageContaining("accepted: Class[method,method]");
    assertThatThrownBy(() -> MethodsInclude.parse("com.acme.Uploader[up load]"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> MethodsInclude.parse("com.acme.Uploader[]"))
        .isInstanceOf(ConfigException.class);
  }
}
