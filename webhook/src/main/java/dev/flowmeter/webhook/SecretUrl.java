// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A webhook URL, which holds a secret: whoever knows it can post to the channel. Only {@link
 * #masked()} is ever printed, and {@link #scrub(String)} takes the secret parts out of any text (an
 * exception's message, say) before it is printed.
 *
 * <p>Masked, each as {@code ***}: the user information before {@code @}, the query string and the
 * fragment; Discord's token ({@code /api/webhooks/<id>/<token>}, also under {@code /api/v10/});
 * Slack's secret ({@code /services/T…/B…/<secret>}); and in any other URL every path segment of 16
 * characters or more, which is what a token looks like. The ids before a Discord or Slack token
 * stay, so two webhooks can be told apart in a message.
 *
 * <p>Immutable and thread-safe.
 */
final class SecretUrl {
  static final String MASK = "***";

  /** A path segment at least this long is taken for a token in a URL of unknown shape. */
  private static final int TOKEN_LENGTH = 16;

  private final URI uri;
  private final String masked;
  private final List<String> secrets;

  private SecretUrl(URI uri, String masked, List<String> secrets) {
    this.uri = uri;
    this.masked = masked;
    this.secrets = secrets;
  }

  /**
   * Parses {@code text}, an absolute {@code http} or {@code https} URL with a host.
   *
   * @throws IllegalArgumentException when it is not one; the message never holds {@code text}
   */
  static SecretUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("is not an http or https URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("has no host");
    }
    List<String> secrets = new ArrayList<>();
    StringBuilder masked = new StringBuilder(scheme).append("://");
    if (uri.getRawUserInfo() != null) {
      secrets.add(uri.getRawUserInfo());
      masked.append(MASK).append('@');
    }
    masked.append(uri.getHost());
    if (uri.getPort() >= 0) {
      masked.append(':').append(uri.getPort());
    }
    masked.append(maskPath(uri.getRawPath() == null ? "" : uri.getRawPath(), secrets));
    if (uri.getRawQuery() != null) {
      secrets.add(uri.getRawQuery());
      masked.append('?').append(MASK);
    }
    if (uri.getRawFragment() != null) {
      secrets.add(uri.getRawFragment());
      masked.append('#').append(MASK);
    }
    // the decoded forms too: an exception may quote the URL either way
    for (String secret : List.copyOf(secrets)) {
      String decoded = decode(secret);
      if (!decoded.equals(secret)) {
        secrets.add(decoded);
      }
    }
    secrets.removeIf(s -> s.length() < 3);
    secrets.sort((a, b) -> b.length() - a.length()); // the longest first, when one holds another
    return new SecretUrl(uri, masked.toString(), List.copyOf(secrets));
  }

  private static String maskPath(String path, List<String> secrets) {
    String[] segments = path.split("/", -1);
    int token = tokenIndex(segments);
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean secret =
          token >= 0 ? i == token : segment.length() >= TOKEN_LENGTH; // a known shape, else any
      out.append('/');
      if (secret && !segment.isEmpty()) {
        secrets.add(segment);
        out.append(MASK);
      } else {
        out.append(segment);
      }
    }
    return out.toString();
  }

  /** The index of the token segment in a Discord or Slack webhook path, or -1. */
  private static int tokenIndex(String[] segments) {
    for (int i = 1; i + 2 < segments.length; i++) {
      if (segments[i].equals("webhooks")) {
        return i + 2; // /api/webhooks/<id>/<token>
      }
      if (i == 1 && segments[i].equals("services") && i + 3 < segments.length) {
        return i + 3; // /services/T…/B…/<secret>
      }
    }
    return -1;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // not valid percent-encoding: only the raw form can appear anywhere
    }
  }

  /** The URL to send to. */
  URI uri() {
    return uri;
  }

  /** The URL with its secret parts masked: what any message shows. */
  String masked() {
    return masked;
  }

  /** {@code text} with every secret part of the URL replaced by {@code ***}. */
  String scrub(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /**
   * Discord's create URL: the webhook's, with {@code wait=true} added to its query, so the reply
   * holds the new message and its id.
   */
  URI createMessage() {
    String query = uri.getRawQuery();
    return URI.create(base() + "?" + (query == null ? "" : query + "&") + "wait=true");
  }

  /**
   * Discord's edit URL for message {@code id}: {@code <webhook>/messages/<id>}, with the webhook's
   * query (a {@code thread_id}) kept.
   */
  URI editMessage(String id) {
    String query = uri.getRawQuery();
    return URI.create(base() + "/messages/" + id + (query == null ? "" : "?" + query));
  }

  private String base() {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return uri.getScheme() + "://" + uri.getRawAuthority() + path;
  }

  /** The masked URL. */
  @Override
  public String toString() {
    return masked;
  }
}
