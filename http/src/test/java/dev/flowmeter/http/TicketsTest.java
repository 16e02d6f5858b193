// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TicketsTest {
  private static final Caller ALICE = new Caller("alice", false);
  private static final Caller BOB = new Caller("bob", false);

  private final TestClock clock = new TestClock();
  private final Tickets tickets = new Tickets(clock, Duration.ofSeconds(30));

  @Test
  void aTicketIs32RandomBytesInUrlSafeBase64() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String ticket = tickets.issue(new Caller("user" + i, false));
      assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
      seen.add(ticket);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void aTicketStandsForItsCallerOnce() {
    String ticket = tickets.issue(ALICE);

    assertThat(tickets.redeem(ticket)).contains(ALICE);
    assertThat(tickets.redeem(ticket)).isEmpty();
    assertThat(tickets.size()).isZero();
  }

  @Test
  void aTicketExpiresAfterItsTtlByTheSinksClock() {
    String early = tickets.issue(ALICE);
    String late = tickets.issue(ALICE);

    clock.advance(Duration.ofSeconds(29));
    assertThat(tickets.redeem(early)).contains(ALICE);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tickets.redeem(late)).isEmpty();
  }

  @Test
  void anExpiredTicketIsUsedUpAndExpiredOnesAreDroppedAtTheNextIssue() {
    tickets.issue(ALICE);
    tickets.issue(BOB);
    clock.advance(Duration.ofSeconds(30));

    tickets.issue(ALICE);

    assertThat(tickets.size()).isOne();
  }

  @Test
  void anUnknownOrMalformedTicketIsRefused() {
    tickets.issue(ALICE);

    assertThat(tickets.redeem("")).isEmpty();
    assertThat(tickets.redeem("A".repeat(43))).isEmpty();
    assertThat(tickets.redeem("not a ticket")).isEmpty();
    assertThat(tickets.size()).isOne();
  }

  @Test
  void ofEightThreadsUsingOneTicketAtOnceExactlyOneGetsIn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        String ticket = tickets.issue(ALICE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Caller>>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return tickets.redeem(ticket);
                  }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Optional<Caller>> result : results) {
          admitted += result.get().isPresent() ? 1 : 0;
        }
        assertThat(admitted).as("round %d", round).isOne();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallerHoldsAtMostSixteenTicketsAndANewOneReplacesItsOwnOldest() {
    String bobs = tickets.issue(BOB);
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < Tickets.MAX_PER_CALLER + 5; i++) {
      alices.add(tickets.issue(ALICE));
    }

    assertThat(tickets.size()).isEqualTo(Tickets.MAX_PER_CALLER + 1);
    assertThat(tickets.redeem(alices.get(0))).isEmpty();
    assertThat(tickets.redeem(alices.get(alices.size() - 1))).contains(ALICE);
    assertThat(tickets.redeem(bobs)).contains(BOB);
  }

  @Test
  void allCallersTogetherHoldAtMostTheCap() {
    String first = tickets.issue(new Caller("u0", false));
    for (int i = 1; i < Tickets.MAX + 100; i++) {
      tickets.issue(new Caller("u" + i, false));
    }

    assertThat(tickets.size()).isEqualTo(Tickets.MAX);
    assertThat(tickets.redeem(first)).isEmpty();
  }
}
