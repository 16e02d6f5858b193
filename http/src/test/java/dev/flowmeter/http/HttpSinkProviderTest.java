// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpSinkProviderTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private SinkContext context(String argument) {
    return SinkContext.builder("http")
        .argument(argument)
        .err(new PrintStream(err, true, StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void portZeroPicksAFreePortAndPrintsTheAddressOnce() throws Exception {
    ProgressSink sink = new HttpSinkProvider().create(context("0"));
    try {
      String printed = err.toString(StandardCharsets.UTF_8);
      assertThat(printed).startsWith("Flowmeter: progress at http://127.0.0.1:").endsWith("/\n");
      String url = printed.substring(printed.indexOf("http://")).strip();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "no-such-page")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    } finally {
      sink.close();
    }
  }

  @Test
  void aPortInUseIsAnIoExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> new HttpSinkProvider().create(context(String.valueOf(port))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void aMalformedPortNamesTheKeyAndTheValue() {
    assertThatThrownBy(() -> new HttpSinkProvider().create(context("80x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sinks")
        .hasMessageContaining("80x");
    assertThatThrownBy(() -> new HttpSinkProvider().create(context("65536")))
        .isInstanceOf(ConfigException.class);
  }
}
