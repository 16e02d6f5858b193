// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * What a webhook answered: the status, the headers and the start of the body, read as the services
 * speak (a Discord message's {@code id}; a 429's wait in {@code Retry-After}, Discord's bucket
 * headers or its {@code retry_after} member).
 *
 * <p>Bodies are read up to {@link #MAX_BODY} bytes and the rest is discarded, so a server that
 * answers with a flood costs no memory.
 */
final class Reply {
  /** The most of a body kept: a Discord message is about 1 KiB. */
  static final int MAX_BODY = 64 * 1024;

  /** The longest wait a server can ask for; a longer one is cut to this. */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  final int status;
  final HttpHeaders headers;
  final String body;

  Reply(int status, HttpHeaders headers, String body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  static Reply of(HttpResponse<String> response) {
    return new Reply(response.statusCode(), response.headers(), response.body());
  }

  /** A body handler that keeps the first {@link #MAX_BODY} bytes, as UTF-8. */
  static HttpResponse.BodyHandler<String> bodyHandler() {
    return info -> new CappedBody();
  }

  /** The top-level string, number or boolean member {@code name} of a JSON object body. */
  Optional<String> member(String name) {
    return Optional.ofNullable(TopLevel.members(body).get(name));
  }

  /**
   * How long a 429 asks to wait: {@code Retry-After} (seconds, possibly fractional, or an HTTP
   * date), else Discord's {@code retry_after} member, else {@code X-RateLimit-Reset-After}; empty
   * when none says. At most {@link #MAX_WAIT}.
   */
  Optional<Duration> retryAfter() {
    Optional<Duration> wait = header("Retry-After").flatMap(Reply::secondsOrDate);
    if (wait.isEmpty()) {
      wait = member("retry_after").flatMap(Reply::seconds);
    }
    if (wait.isEmpty()) {
      wait = header("X-RateLimit-Reset-After").flatMap(Reply::seconds);
    }
    return wait;
  }

  /**
   * Discord's bucket: when {@code X-RateLimit-Remaining} is {@code 0}, the wait until it refills
   * ({@code X-RateLimit-Reset-After}); empty otherwise.
   */
  Optional<Duration> bucketEmptyFor() {
    if (!header("X-RateLimit-Remaining").map(v -> v.strip().equals("0")).orElse(false)) {
      return Optional.empty();
    }
    return header("X-RateLimit-Reset-After").flatMap(Reply::seconds);
  }

  private Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  private static Optional<Duration> secondsOrDate(String value) {
    Optional<Duration> seconds = seconds(value);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return Optional.of(clamp(wait));
    } catch (DateTimeParseException e) {
      return Optional.empty(); // neither form: as if not given
    }
  }

  static Optional<Duration> seconds(String value) {
    try {
      double seconds = Double.parseDouble(value.strip());
      if (!Double.isFinite(seconds)) {
        return Optional.empty();
      }
      return Optional.of(clamp(Duration.ofNanos((long) (Math.min(seconds, 1e6) * 1e9))));
    } catch (NumberFormatException e) {
      return Optional.empty(); // not a number: as if not given
    }
  }

  private static Duration clamp(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  /** Collects up to {@link #MAX_BODY} bytes and drops the rest. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final byte[] kept = new byte[MAX_BODY];
    private int size;

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      for (ByteBuffer buffer : item) {
        int n = Math.min(buffer.remaining(), MAX_BODY - size);
        buffer.get(kept, size, n);
        size += n;
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(new String(kept, 0, size, StandardCharsets.UTF_8));
    }
  }

  /**
   * The top-level scalar members of a JSON object, as text: strings unescaped, numbers and {@code
   * true}/{@code false} as written; nested objects and arrays skipped. A body that is not an object
   * (or breaks off) gives what was read before.
   */
  static final class TopLevel {
    private final String s;
    private int i;

    private TopLevel(String s) {
      this.s = s;
    }

    static Map<String, String> members(String json) {
      Map<String, String> out = new HashMap<>();
      try {
        new TopLevel(json).object(out);
      } catch (IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException e) {
        // a body cut at MAX_BODY, or not JSON: the members read so far are what it says
      }
      return out;
    }

    private void object(Map<String, String> out) {
      skipSpace();
      expect('{');
      skipSpace();
      if (s.charAt(i) == '}') {
        return;
      }
      while (true) {
        skipSpace();
        String name = string();
        skipSpace();
        expect(':');
        skipSpace();
        @Nullable String value = value();
        if (value != null) {
          out.put(name, value);
        }
        skipSpace();
        char c = s.charAt(i++);
        if (c == '}') {
          return;
        }
        if (c != ',') {
          throw new IllegalStateException("not JSON");
        }
      }
    }

    private @Nullable String value() {
      char c = s.charAt(i);
      if (c == '"') {
        return string();
      }
      if (c == '{' || c == '[') {
        skipNested();
        return null;
      }
      int start = i;
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String scalar = s.substring(start, i);
      return scalar.equals("null") ? null : scalar;
    }

    private void skipNested() {
      int depth = 0;
      do {
        char c = s.charAt(i);
        if (c == '"') {
          string();
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
        i++;
      } while (depth > 0);
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case 'b':
            out.append('\b');
            break;
          case 'f':
            out.append('\f');
            break;
          case 'u':
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default:
            out.append(e); // \" \\ \/
        }
      }
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalStateException("not JSON");
      }
      i++;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
