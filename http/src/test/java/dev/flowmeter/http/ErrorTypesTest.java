// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The error type of a failure, from its exception's class. */
final class ErrorTypesTest {
  @Test
  void networkFailures() {
    assertThat(ErrorTypes.ofClassName("java.net.ConnectException")).isEqualTo("network_error");
    assertThat(ErrorTypes.ofClassName("java.net.SocketException")).isEqualTo("network_error");
    assertThat(ErrorTypes.ofClassName("java.net.UnknownHostException")).isEqualTo("network_error");
    assertThat(ErrorTypes.ofClassName("javax.net.ssl.SSLHandshakeException"))
        .isEqualTo("network_error");
  }

  @Test
  void timeouts() {
    assertThat(ErrorTypes.ofClassName("java.net.SocketTimeoutException")).isEqualTo("timeout");
    assertThat(ErrorTypes.ofClassName("java.util.concurrent.TimeoutException"))
        .isEqualTo("timeout");
    assertThat(ErrorTypes.ofClassName("java.net.http.HttpConnectTimeoutException"))
        .isEqualTo("timeout");
  }

  @Test
  void otherIoFailures_andTheRest() {
    assertThat(ErrorTypes.ofClassName("java.io.FileNotFoundException")).isEqualTo("io_error");
    assertThat(ErrorTypes.ofClassName("java.io.UncheckedIOException")).isEqualTo("error");
    assertThat(ErrorTypes.ofClassName("java.lang.IllegalStateException")).isEqualTo("error");
    assertThat(ErrorTypes.ofClassName("com.example.NoSuchIOException")).isEqualTo("io_error");
    assertThat(ErrorTypes.ofClassName("com.example.Unknown")).isEqualTo("error");
  }
}
