// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.SinkContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAccessTest {
  private static final String TOKEN = "admin-token-0123456789";
  private static final String ALICE = "alice-token-0123456789";
  private static final String OPS = "ops-token-0123456789ab";
  private static final Caller ADMIN = new Caller("admin", true);

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  private SinkContext.Builder context() {
    return SinkContext.builder("http").argument("0").clock(clock);
  }

  private Access access(SinkContext.Builder context) {
    return TokenAccess.from(context.build(), "127.0.0.1");
  }

  private Access withTokenAndFile() throws IOException {
    Path file = Files.writeString(dir.resolve("tokens"), ALICE + " alice\n" + OPS + " ops admin\n");
    return access(context().option("token", TOKEN).option("tokens", file.toString()));
  }

  private static HttpServerExchange request(@Nullable String authorization, String... tickets) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    if (authorization != null) {
      exchange.getRequestHeaders().add(Headers.AUTHORIZATION, authorization);
    }
    for (String ticket : tickets) {
      exchange.addQueryParam("ticket", ticket);
    }
    return exchange;
  }

  private static Optional<Caller> caller(Access access, @Nullable String authorization) {
    return access.caller(request(authorization), false);
  }

  @Test
  void withoutTokenOrTokensEveryoneIsLetInOnLoopback() {
    Access access = access(context());

    assertThat(access.required()).isFalse();
    assertThat(caller(access, null)).contains(Caller.ANYONE);
  }

  @Test
  void theTokenIsTheAdminsAndTheFilesTokensTheirUsers() throws IOException {
    Access access = withTokenAndFile();

    assertThat(access.required()).isTrue();
    assertThat(caller(access, "Bearer " + TOKEN)).contains(ADMIN);
    assertThat(caller(access, "Bearer " + ALICE)).contains(new Caller("alice", false));
    assertThat(caller(access, "Bearer " + OPS)).contains(new Caller("ops", true));
  }

  @Test
  void theSchemeIsReadInAnyCase() throws IOException {
    Access access = withTokenAndFile();

    assertThat(caller(access, "bearer " + TOKEN)).contains(ADMIN);
    assertThat(caller(access, "BEARER  " + ALICE + " ")).contains(new Caller("alice", false));
  }

  @Test
  void aMissingEmptyWrongOrOtherSchemeHeaderLetsNoOneIn() throws IOException {
    Access access = withTokenAndFile();

    assertThat(caller(access, null)).isEmpty();
    assertThat(caller(access, "")).isEmpty();
    assertThat(caller(access, "Bearer")).isEmpty();
    assertThat(caller(access, "Bearer ")).isEmpty();
    assertThat(caller(access, "Bearer    ")).isEmpty();
    assertThat(caller(access, TOKEN)).isEmpty();
    assertThat(caller(access, "Basic " + TOKEN)).isEmpty();
    assertThat(caller(access, "Bearer" + TOKEN)).isEmpty();
    assertThat(caller(access, "Bearer " + TOKEN + "x")).isEmpty();
    assertThat(caller(access, "Bearer " + TOKEN.substring(0, TOKEN.length() - 1))).isEmpty();
    assertThat(caller(access, "Bearer " + TOKEN.toUpperCase(Locale.ROOT))).isEmpty();
  }

  @Test
  void twoAuthorizationHeadersLetNoOneIn() throws IOException {
    Access access = withTokenAndFile();
    HttpServerExchange exchange = request("Bearer " + TOKEN);
    exchange.getRequestHeaders().add(Headers.AUTHORIZATION, "Bearer " + ALICE);

    assertThat(access.caller(exchange, true)).isEmpty();
  }

  @Test
  void aTicketLetsItsCallerInOnceWhereTicketsAreAllowed() throws IOException {
    Access access = withTokenAndFile();
    Caller alice = new Caller("alice", false);
    String ticket = access.issueTicket(alice);

    assertThat(access.caller(request(null, ticket), false)).isEmpty();
    assertThat(access.caller(request(null, ticket), true)).contains(alice);
    assertThat(access.caller(request(null, ticket), true)).isEmpty();
  }

  @Test
  void aTicketExpiresAfterTicketTtl() throws IOException {
    Path file = Files.writeString(dir.resolve("tokens"), ALICE + " alice\n");
    Access access = access(context().option("tokens", file.toString()).option("ticket-ttl", "5s"));
    String ticket = access.issueTicket(new Caller("alice", false));

    assertThat(access.ticketTtl()).isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(access.caller(request(null, ticket), true)).isEmpty();
  }

  @Test
  void theDefaultTicketTtlIsThirtySeconds() {
    assertThat(access(context().option("token", TOKEN)).ticketTtl())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aTicketIsNeverAToken() throws IOException {
    Access access = withTokenAndFile();
    String ticket = access.issueTicket(ADMIN);

    assertThat(access.caller(request("Bearer " + ticket), true)).isEmpty();
    assertThat(access.caller(request(null, ticket), true)).as("not used up").contains(ADMIN);
  }

  @Test
  void aTokenIsNeverATicket() throws IOException {
    Access access = withTokenAndFile();

    assertThat(access.caller(request(null, TOKEN), true)).isEmpty();
    assertThat(access.caller(request(null, ALICE), true)).isEmpty();
  }

  @Test
  void theHeaderDecidesWhenARequestHasBoth() throws IOException {
    Access access = withTokenAndFile();
    String ticket = access.issueTicket(new Caller("alice", false));

    assertThat(access.caller(request("Bearer wrong-token-0123456789", ticket), true)).isEmpty();
    assertThat(access.caller(request("Bearer " + OPS, ticket), true))
        .contains(new Caller("ops", true));
    assertThat(access.caller(request(null, ticket), true)).as("not used up").isPresent();
  }

  @Test
  void twoTicketParametersLetNoOneIn() throws IOException {
    Access access = withTokenAndFile();
    String ticket = access.issueTicket(ADMIN);

    assertThat(access.caller(request(null, ticket, ticket), true)).isEmpty();
  }

  @Test
  void aShortTokenIsRefusedNamingTheKeyAndItsLengthOnly() {
    ConfigException e =
        catchThrowableOfType(
            () -> access(context().option("token", "secret-12345")), ConfigException.class);

    assertThat(e.key()).isEqualTo("flowmeter.sink.http.token");
    assertThat(e)
        .hasMessage(
            "flowmeter.sink.http.token: '(hidden, 12 characters)' is too short: 12 characters,"
                + " where a token needs at least 16 (make one with: openssl rand -hex 32)");
    assertThat(e.value()).doesNotContain("secret");
  }

  @Test
  void anEmptyTokenIsRefusedNotIgnored() {
    ConfigException e =
        catchThrowableOfType(() -> access(context().option("token", "")), ConfigException.class);

    assertThat(e).hasMessageContaining("flowmeter.sink.http.token").hasMessageContaining("short");
  }

  @Test
  void theTokenRepeatedInTheFileIsRefusedWithoutShowingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("tokens"), ALICE + " alice\n" + TOKEN + " bob\n");
    ConfigException e =
        catchThrowableOfType(
            () -> access(context().option("token", TOKEN).option("tokens", file.toString())),
            ConfigException.class);

    assertThat(e)
        .hasMessageContaining("flowmeter.sink.http.tokens")
        .hasMessageContaining("line 2: the same token as flowmeter.sink.http.token")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aNamedInstanceReadsItsOwnKeys() {
    SinkContext context =
        SinkContext.builder("dash").kind("http").argument("0").option("token", "short").build();
    ConfigException e =
        catchThrowableOfType(() -> TokenAccess.from(context, "127.0.0.1"), ConfigException.class);

    assertThat(e.key()).isEqualTo("flowmeter.sink.dash.token");
  }

  @Test
  void anotherHostWithoutATokenIsRefusedNamingTheHostKeyAndWhatToSet() {
    ConfigException e =
        catchThrowableOfType(
            () -> TokenAccess.from(context().build(), "0.0.0.0"), ConfigException.class);

    assertThat(e.key()).isEqualTo("flowmeter.sink.http.host");
    assertThat(e)
        .hasMessageStartingWith("flowmeter.sink.http.host: '0.0.0.0' is reachable")
        .hasMessageContaining("set flowmeter.sink.http.token or flowmeter.sink.http.tokens");
  }

  @Test
  void anotherHostWithATokenIsAllowed() {
    Access access = TokenAccess.from(context().option("token", TOKEN).build(), "::");

    assertThat(access.required()).isTrue();
  }
}
