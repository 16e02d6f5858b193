// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client of {@link HttpLoad} on {@code /api/progress/stream}, reading the
 * stream line by line on its own thread. Ready once the server's snapshot message ({@code
 * {"event":"snapshot",...}}) came.
 */
final class SseLoadClient extends LoadClient implements Runnable {
  private final HttpClient http;
  private final URI stream;
  private final StringBuilder data = new StringBuilder();
  private String firstData = "";
  private String event = "message";
  private long arrival = -1;

  SseLoadClient(HttpClient http, URI stream) {
    this.http = http;
    this.stream = stream;
  }

  @Override
  public void run() {
    HttpRequest request =
        HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").GET().build();
    try {
      HttpResponse<Stream<String>> response = http.send(request, BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        lost("HTTP " + response.statusCode());
        return;
      }
      try (Stream<String> lines = response.body()) {
        lines.forEach(this::line);
      }
      lost("the server ended the stream");
    } catch (IOException | UncheckedIOException e) {
      lost(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final String SNAPSHOT = "{\"event\":\"snapshot\"";

  /** One line of the stream, by the SSE format: fields until a blank line ends the message. */
  private void line(String line) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return; // a comment: the heartbeat
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      if (arrival < 0) {
        arrival = nowMicros();
        firstData = value; // the usual case: one data line, taken as it is
      } else {
        if (data.length() == 0) {
          data.append(firstData);
        }
        data.append('\n').append(value);
      }
    }
  }

  private void dispatch() {
    String payload = data.length() == 0 ? firstData : data.toString();
    // the stream's messages are unnamed: the name is the data's first member, "event"
    if (event.equals("snapshot") || payload.startsWith(SNAPSHOT)) {
      ready();
    } else if (arrival >= 0) {
      onMessage(payload, arrival);
    }
    data.setLength(0);
    firstData = "";
    event = "message";
    arrival = -1;
  }
}
