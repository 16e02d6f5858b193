// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "localhost",
        "LocalHost"
      })
  void loopbackHosts(String host) {
    assertThat(Loopback.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "::",
        "[::]",
        "192.168.1.20",
        "10.0.0.1",
        "fe80::1",
        "8.8.8.8",
        "",
        "no-such-host.invalid"
      })
  void otherHosts(String host) {
    assertThat(Loopback.isLoopback(host)).isFalse();
  }
}
