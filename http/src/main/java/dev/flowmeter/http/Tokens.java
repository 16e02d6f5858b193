// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the server accepts, each with its caller; only their SHA-256 digests are kept.
 *
 * <p>Security: {@link #find} hashes the presented token once and compares its digest with every
 * known digest through {@link MessageDigest#isEqual}, which takes the same time for any two arrays
 * of one length. Every comparison is made, the first match does not end the loop, and every digest
 * has 32 bytes whatever the token's length: the time of an answer tells neither how much of a token
 * was right, nor how long the tokens are, nor which of them matched.
 *
 * <p>Thread-safety: immutable once built.
 */
final class Tokens {
  /** The least length of a token: shorter ones are refused when the configuration is read. */
  static final int MIN_LENGTH = 16;

  /**
   * What a Bearer header can carry (RFC 6750 {@code b64token}): letters, digits, {@code -._~+/},
   * then {@code =} padding at the end.
   */
  private static final Pattern BEARER = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private final List<byte[]> digests;
  private final List<Caller> callers;

  private Tokens(List<byte[]> digests, List<Caller> callers) {
    this.digests = List.copyOf(digests);
    this.callers = List.copyOf(callers);
  }

  /** The number of tokens. */
  int size() {
    return digests.size();
  }

  /** The caller whose token is {@code presented}, if any; see the class comment on timing. */
  Optional<Caller> find(String presented) {
    byte[] digest = sha256(presented);
    @Nullable Caller found = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digest, digests.get(i))) {
        found = callers.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Why {@code token} cannot be a token (too short, or a character a Bearer header cannot carry),
   * or {@code null} when it can. The answer never quotes the token.
   */
  static @Nullable String problem(String token) {
    if (token.length() < MIN_LENGTH) {
      return "is too short: "
          + token.length()
          + " characters, where a token needs at least "
          + MIN_LENGTH
          + " (make one with: openssl rand -hex 32)";
    }
    if (!BEARER.matcher(token).matches()) {
      return "has a character an 'Authorization: Bearer' header cannot carry"
          + " (accepted: letters, digits, - . _ ~ + /, and = at the end)";
    }
    return null;
  }

  /** A token as it may be shown: its length only. */
  static String masked(String token) {
    return "(hidden, " + token.length() + " characters)";
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Collects tokens, refusing a second copy of one. {@link ConfigException}s it throws name where
   * the token was written, never the token.
   */
  static final class Builder {
    private final List<byte[]> digests = new ArrayList<>();
    private final List<Caller> callers = new ArrayList<>();
    private final List<String> places = new ArrayList<>();

    /**
     * Adds {@code token} for {@code caller}; {@code place} says where it was written ({@code
     * flowmeter.sink.http.token}, {@code line 3}).
     *
     * @return where the same token was written before, or {@code null} if nowhere
     */
    @Nullable String add(String token, Caller caller, String place) {
      byte[] digest = sha256(token);
      for (int i = 0; i < digests.size(); i++) {
        if (MessageDigest.isEqual(digest, digests.get(i))) {
          return places.get(i);
        }
      }
      digests.add(digest);
      callers.add(caller);
      places.add(place);
      return null;
    }

    Tokens build() {
      return new Tokens(digests, callers);
    }
  }
}
