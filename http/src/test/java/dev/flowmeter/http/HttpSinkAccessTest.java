// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The access options through the provider, and against the running server. */
class HttpSinkAccessTest {
  private static final String TOKEN = "admin-token-0123456789";

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private SinkContext.Builder context() {
    return SinkContext.builder("http")
        .argument("0")
        .err(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String url() {
    String printed = err.toString(StandardCharsets.UTF_8);
    return printed.substring(printed.indexOf("http://")).strip();
  }

  @Test
  void theWildcardHostWithoutATokenIsRefusedBeforeAnythingListens() {
    ConfigException e =
        catchThrowableOfType(
            () -> new HttpSinkProvider().create(context().option("host", "0.0.0.0").build()),
            ConfigException.class);

    assertThat(e.key()).isEqualTo("flowmeter.sink.http.host");
    assertThat(e).hasMessageContaining("flowmeter.sink.http.token");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theWildcardHostWithATokenStarts() throws Exception {
    ProgressSink sink =
        new HttpSinkProvider()
            .create(context().option("host", "0.0.0.0").option("token", TOKEN).build());
    sink.close();

    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Flowmeter: progress at http://");
  }

  @Test
  void theAccessOptionsAreKnownToTheConfiguration() {
    assertThat(new HttpSinkProvider().options()).contains("token", "tokens", "ticket-ttl");
  }

  /** A ticket from {@code POST /api/tickets}, checking the answer's form. */
  private String ticket(HttpClient client) throws Exception {
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(URI.create(url() + "api/tickets"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).containsPattern("\"expires_in\"\\s*:\\s*30\\b");
    Matcher ticket =
        Pattern.compile("\"ticket\"\\s*:\\s*\"([A-Za-z0-9_-]{43})\"").matcher(answer.body());
    assertThat(ticket.find()).as(answer.body()).isTrue();
    return ticket.group(1);
  }

  @Test
  void theApiAnswers401WithoutTheTokenAnd200WithIt() throws Exception {
    ProgressSink sink = new HttpSinkProvider().create(context().option("token", TOKEN).build());
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI progress = URI.create(url() + "api/progress");

      HttpResponse<String> without =
          client.send(
              HttpRequest.newBuilder(progress).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> wrong =
          client.send(
              HttpRequest.newBuilder(progress)
                  .header("Authorization", "Bearer wrong-token-0123456789")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> right =
          client.send(
              HttpRequest.newBuilder(progress).header("Authorization", "bearer " + TOKEN).build(),
              HttpResponse.BodyHandlers.ofString());
      String ticket = ticket(client);
      URI stream = URI.create(url() + "api/progress/stream?ticket=" + ticket);
      HttpResponse<InputStream> first =
          client.send(
              HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.ofInputStream());
      first.body().close();
      HttpResponse<InputStream> again =
          client.send(
              HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.ofInputStream());
      again.body().close();
      HttpResponse<String> ticketAsToken =
          client.send(
              HttpRequest.newBuilder(progress)
                  .header("Authorization", "Bearer " + ticket(client))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> ticketOnRest =
          client.send(
              HttpRequest.newBuilder(URI.create(progress + "?ticket=" + ticket(client))).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(without.body()).contains("\"error\"");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(again.statusCode()).as("a ticket is used once").isEqualTo(401);
      assertThat(ticketAsToken.statusCode()).isEqualTo(401);
      assertThat(ticketOnRest.statusCode()).isEqualTo(401);
    } finally {
      sink.close();
    }
  }
}
