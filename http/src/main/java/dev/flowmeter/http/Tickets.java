// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Single-use tickets: what a browser's {@code EventSource} or {@code WebSocket}, which cannot send
 * an {@code Authorization} header, puts in its URL instead of the long-lived token.
 *
 * <p>A ticket is 32 random bytes from {@link SecureRandom}, URL-safe Base64 without padding (43
 * characters). It stands for the caller it was issued to, for {@code ttl} after it was issued (by
 * the sink's clock), and for one request: {@link #redeem} removes it, whether it is still valid or
 * not, so of two requests with one ticket at most one is let in.
 *
 * <p>Memory: a caller holds at most {@value #MAX_PER_CALLER} tickets not yet used; a new one beyond
 * that replaces its own oldest. All callers together hold at most {@value #MAX}; beyond that, the
 * oldest of anyone's goes. Expired tickets are dropped at every issue. So a token holder asking for
 * tickets in a loop cannot grow the server's memory, and, below the overall bound, cannot spoil
 * another caller's tickets either.
 *
 * <p>Only each ticket's SHA-256 digest is kept, so that looking one up cannot leak, through its
 * timing, anything about the tickets held.
 *
 * <p>Thread-safety: every method holds the instance's lock; tickets are issued at the rate people
 * open pages, so the lock is never contended enough to matter.
 */
final class Tickets {
  /** The most unused tickets one caller holds. */
  static final int MAX_PER_CALLER = 16;

  /** The most unused tickets all callers together hold. */
  static final int MAX = 1024;

  private static final int BYTES = 32;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  /** By the digest of the ticket, oldest first. */
  private final Map<String, Ticket> live = new LinkedHashMap<>();

  private record Ticket(Caller caller, Instant expires) {}

  Tickets(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** How long a ticket is valid. */
  Duration ttl() {
    return ttl;
  }

  /** A new ticket for {@code caller}. */
  synchronized String issue(Caller caller) {
    Instant now = clock.instant();
    int mine = 0;
    @Nullable String oldestOfMine = null;
    for (Iterator<Map.Entry<String, Ticket>> i = live.entrySet().iterator(); i.hasNext(); ) {
      Map.Entry<String, Ticket> entry = i.next();
      if (!now.isBefore(entry.getValue().expires())) {
        i.remove();
      } else if (entry.getValue().caller().equals(caller)) {
        mine++;
        if (oldestOfMine == null) {
          oldestOfMine = entry.getKey();
        }
      }
    }
    if (mine >= MAX_PER_CALLER && oldestOfMine != null) {
      live.remove(oldestOfMine);
    } else if (live.size() >= MAX) {
      Iterator<String> oldest = live.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    live.put(digest(ticket), new Ticket(caller, now.plus(ttl)));
    return ticket;
  }

  /** The caller of {@code ticket} if it is valid; the ticket is used up either way. */
  synchronized Optional<Caller> redeem(String ticket) {
    if (!FORM.matcher(ticket).matches()) {
      return Optional.empty();
    }
    Ticket found = live.remove(digest(ticket));
    if (found == null || !clock.instant().isBefore(found.expires())) {
      return Optional.empty();
    }
    return Optional.of(found.caller());
  }

  /** The number of tickets held, expired ones included until the next issue. */
  synchronized int size() {
    return live.size();
  }

  private static String digest(String ticket) {
    return Base64.getEncoder().encodeToString(Tokens.sha256(ticket));
  }
}
